/**
 * What combinerForwarder.mutants.test.ts leaves open: the request's JSON content type (the real
 * combiner parses the body with express.json(), which reads only application/json), a 3xx answer
 * (fetch returns one without a Location as it is: neither a confirmation nor a refusal for good),
 * the network error's text in a failed result, and a forwarder allowed no attempt at all.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { createCombinerForwarder } from "../../../runtime/proxy/combinerForwarder.js";

const TOKEN = "a-bearer-secret-long-enough-for-the-combiner-0123456789";
const segment = { bucket: "piaa-test", object: "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json", eventType: "OBJECT_FINALIZE" as const };
const silent = createLogger({ service: "proxy", level: "silent", destination: { write: () => {} } });
const fast = { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 };

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A combiner on 127.0.0.1 answering every request with `status`, recording each request's content type. */
async function combinerAnswering(status: number): Promise<{ url: string; contentTypes: Array<string | undefined> }> {
  const contentTypes: Array<string | undefined> = [];
  const server = http.createServer((req, res) => {
    contentTypes.push(req.headers["content-type"]);
    req.resume();
    req.on("end", () => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ message: `answered ${status}` })));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, contentTypes };
}

describe("combinerForwarder's less common answers", () => {
  it("sends the segment as application/json", async () => {
    const combiner = await combinerAnswering(200);
    expect(await createCombinerForwarder({ urls: [combiner.url], token: TOKEN, retry: fast }).forward(segment, silent)).toEqual({ outcome: "confirmed", status: 200, attempts: 1 });
    expect(combiner.contentTypes).toEqual(["application/json"]);
  });

  it("counts a 3xx as a failure after one attempt, not as a refusal for good", async () => {
    const combiner = await combinerAnswering(300);
    expect(await createCombinerForwarder({ urls: [combiner.url], token: TOKEN, retry: fast }).forward(segment, silent)).toEqual({
      outcome: "failed",
      status: 300,
      message: "answered 300",
      attempts: 1,
    });
  });

  it("keeps fetch's error text when the combiner cannot be reached", async () => {
    const combiner = await combinerAnswering(200);
    await close?.();
    close = undefined;
    const result = await createCombinerForwarder({ urls: [combiner.url], token: TOKEN, retry: { ...fast, attempts: 1 } }).forward(segment, silent);
    expect(result).toEqual({ outcome: "failed", message: "fetch failed", attempts: 1 });
  });

  it("reports a forwarder allowed no attempt as failed, not attempted", async () => {
    const combiner = await combinerAnswering(200);
    expect(await createCombinerForwarder({ urls: [combiner.url], token: TOKEN, retry: { ...fast, attempts: 0 } }).forward(segment, silent)).toEqual({
      outcome: "failed",
      message: "not attempted",
      attempts: 0,
    });
    expect(combiner.contentTypes).toEqual([]);
  });
});
