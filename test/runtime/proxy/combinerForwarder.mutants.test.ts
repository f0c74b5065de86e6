/**
 * How the proxy judges the combiner's answers (combinerForwarder.ts): which statuses are retried,
 * which are a refusal for good, which are our own fault; the message it keeps; the rotation of
 * attempts over several combiners. The combiner is the fake of fakeCombiner.ts on 127.0.0.1.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { createCombinerForwarder, DEFAULT_FORWARD_RETRY, isRetryable } from "../../../runtime/proxy/combinerForwarder.js";
import { startFakeCombiner, type FakeCombiner } from "./fakeCombiner.js";

const TOKEN = "a-bearer-secret-long-enough-for-the-combiner-0123456789";
const segment = { bucket: "piaa-test", object: "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json", eventType: "OBJECT_FINALIZE" as const };
const silent = createLogger({ service: "proxy", level: "silent", destination: { write: () => {} } });
const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
async function combiner(): Promise<FakeCombiner> {
  const fake = await startFakeCombiner();
  closers.push(fake.close);
  return fake;
}
/** A combiner answering every request with one fixed body. */
async function answering(status: number, body: string): Promise<string> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(status, { "content-type": "application/json" }).end(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("isRetryable", () => {
  it.each<[number | undefined, boolean]>([
    [undefined, true],
    [408, true],
    [429, true],
    [500, true],
    [503, true],
    [499, false],
    [400, false],
    [404, false],
    [401, false],
    [200, false],
  ])("%s → %s", (status, retryable) => {
    expect(isRetryable(status)).toBe(retryable);
  });
});

describe("createCombinerForwarder", () => {
  it("refuses an empty URL list", () => {
    expect(() => createCombinerForwarder({ urls: [], token: TOKEN })).toThrow("createCombinerForwarder: no combiner URL");
  });

  it("defaults to 3 attempts within the push subscription's ack deadline", () => {
    expect(DEFAULT_FORWARD_RETRY.attempts).toBe(3);
    const worst = DEFAULT_FORWARD_RETRY.attempts * DEFAULT_FORWARD_RETRY.attemptTimeoutMs + (DEFAULT_FORWARD_RETRY.attempts - 1) * DEFAULT_FORWARD_RETRY.maxDelayMs;
    expect(worst).toBeLessThan(60_000);
  });

  it.each([400, 404, 409, 422])("treats %i as a refusal for good, after one attempt, keeping the combiner's message", async (status) => {
    const a = await combiner();
    a.script(status);
    const result = await createCombinerForwarder({ urls: [a.url], token: TOKEN, retry: fast }).forward(segment, silent);
    expect(result).toEqual({ outcome: "rejected", status, message: `scripted status ${status}`, attempts: 1 });
  });

  it.each([401, 403])("treats %i (our secret refused) as a failure, without retrying", async (status) => {
    const a = await combiner();
    a.script(status, status, status);
    const result = await createCombinerForwarder({ urls: [a.url], token: TOKEN, retry: fast }).forward(segment, silent);
    expect(result).toEqual({ outcome: "failed", status, message: `scripted status ${status}`, attempts: 1 });
    expect(a.requests).toHaveLength(1);
  });

  it.each([408, 429, 500])("retries %i up to the attempt limit, then fails with the last answer", async (status) => {
    const a = await combiner();
    a.script(status, status, status);
    const result = await createCombinerForwarder({ urls: [a.url], token: TOKEN, retry: fast }).forward(segment, silent);
    expect(result).toEqual({ outcome: "failed", status, message: `scripted status ${status}`, attempts: 3 });
    expect(a.requests).toHaveLength(3);
  });

  it("counts a 2xx other than 200 as confirmed", async () => {
    const url = await answering(202, JSON.stringify({ message: "queued" }));
    expect(await createCombinerForwarder({ urls: [url], token: TOKEN, retry: fast }).forward(segment, silent)).toEqual({ outcome: "confirmed", status: 202, attempts: 1 });
  });

  it("keeps a non-JSON answer, or one without a message, as text, cut at 500 characters", async () => {
    const plain = await answering(422, "x".repeat(600));
    const result = await createCombinerForwarder({ urls: [plain], token: TOKEN, retry: fast }).forward(segment, silent);
    expect(result).toMatchObject({ outcome: "rejected", message: "x".repeat(500) });
    const noMessage = await answering(422, JSON.stringify({ error: "bad" }));
    expect(await createCombinerForwarder({ urls: [noMessage], token: TOKEN, retry: fast }).forward(segment, silent)).toMatchObject({ message: '{"error":"bad"}' });
    const numeric = await answering(422, JSON.stringify({ message: 42 }));
    expect(await createCombinerForwarder({ urls: [numeric], token: TOKEN, retry: fast }).forward(segment, silent)).toMatchObject({ message: '{"message":42}' });
  });

  it("reports an unreachable combiner after every attempt, without a status", async () => {
    const url = await answering(200, "{}");
    await Promise.all(closers.splice(0).map((close) => close()));
    const result = await createCombinerForwarder({ urls: [url], token: TOKEN, retry: { ...fast, attempts: 2 } }).forward(segment, silent);
    expect(result.outcome).toBe("failed");
    expect(result.attempts).toBe(2);
    expect("status" in result).toBe(false);
    expect((result as { message: string }).message).not.toBe("not attempted");
  });

  it("starts each notification at the next combiner, and its retries at the ones after", async () => {
    const [a, b, c] = [await combiner(), await combiner(), await combiner()];
    const forwarder = createCombinerForwarder({ urls: [a.url, b.url, c.url], token: TOKEN, retry: fast });
    await forwarder.forward(segment, silent); // a
    await forwarder.forward(segment, silent); // b
    c.script(503);
    await forwarder.forward(segment, silent); // c (503), a
    expect([a.requests.length, b.requests.length, c.requests.length]).toEqual([2, 1, 1]);
    a.script(503);
    const result = await forwarder.forward(segment, silent); // a (503), b
    expect(result).toEqual({ outcome: "confirmed", status: 200, attempts: 2 });
    expect([a.requests.length, b.requests.length, c.requests.length]).toEqual([3, 2, 1]);
  });
});
