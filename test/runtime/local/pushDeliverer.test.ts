import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { jitteredBackoffMs } from "../../../runtime/core/backoff.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { parsePubsubPush } from "../../../runtime/core/notifications/pubsubPush.js";
import type { StorageEvent } from "../../../runtime/core/notifications/storageEvent.js";
import { createPushDeliverer, DEFAULT_DELIVERY, type PushDelivererOptions } from "../../../runtime/local/pushDeliverer.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";

/**
 * A push endpoint on 127.0.0.1 standing in for the proxy: it records each push (parsed with the
 * proxy's own parser) and answers scripted statuses; "drop" closes the connection unanswered.
 */
let server: http.Server;
let url: string;
let received: Array<{ authorization?: string; event: StorageEvent }>;
let script: Array<number | "drop">;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    req.socket.once("close", () => inFlight--);
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push({ authorization: req.headers.authorization, event: parsePubsubPush(JSON.parse(body)) });
      const next = script.shift() ?? 200;
      // A short delay so that concurrent pushes overlap.
      setTimeout(() => (next === "drop" ? req.socket.destroy() : res.writeHead(next, { connection: "close" }).end()), 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pubsub/push`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  script = [];
  maxInFlight = 0;
});

const deliverer = (delivery: PushDelivererOptions["delivery"] = {}) =>
  createPushDeliverer({
    pushUrl: url,
    token: () => "token-for-tests",
    bucket: "piaa-local",
    logger: createLogger({ service: "test", level: "silent" }),
    delivery: { baseDelayMs: 1, maxDelayMs: 5, ...delivery },
  });

describe("createPushDeliverer", () => {
  it("pushes a storage-notification envelope with a bearer token", async () => {
    const d = deliverer();
    d.enqueue({ eventType: "OBJECT_FINALIZE", object: LC, generation: "17" });
    await d.idle();
    expect(received).toEqual([
      { authorization: "Bearer token-for-tests", event: { messageId: expect.any(String), eventType: "OBJECT_FINALIZE", bucket: "piaa-local", object: LC, generation: "17" } },
    ]);
    expect(d.stats).toEqual({ delivered: 1, retried: 0, deadLettered: [] });
  });

  it("redelivers with the same messageId until acknowledged, through errors and dropped connections", async () => {
    script = [503, 500, "drop", 204];
    const d = deliverer();
    d.enqueue({ eventType: "OBJECT_DELETE", object: LC, generation: "18" });
    await d.idle();
    expect(received).toHaveLength(4);
    expect(new Set(received.map((r) => r.event.messageId)).size).toBe(1);
    expect(d.stats).toEqual({ delivered: 1, retried: 3, deadLettered: [] });
  });

  it("dead-letters at once what the proxy refuses for good (4xx)", async () => {
    script = [422];
    const d = deliverer();
    d.enqueue({ eventType: "OBJECT_FINALIZE", object: LC, generation: "20" });
    await d.idle();
    expect(received).toHaveLength(1);
    expect(d.stats).toEqual({ delivered: 0, retried: 0, deadLettered: [LC] });
  });

  it("dead-letters a message after the maximum number of attempts", async () => {
    script = [500, 500, 500];
    const d = deliverer({ maxAttempts: 3 });
    d.enqueue({ eventType: "OBJECT_FINALIZE", object: LC, generation: "19" });
    await d.idle();
    expect(received).toHaveLength(3);
    expect(d.stats).toEqual({ delivered: 0, retried: 3, deadLettered: [LC] });
  });

  it("by default keeps retrying a proxy that is down for a slow restart (over 90 s of waits at median jitter)", () => {
    const waits = (random: () => number) =>
      Array.from({ length: DEFAULT_DELIVERY.maxAttempts - 1 }, (_, i) => jitteredBackoffMs(i + 1, DEFAULT_DELIVERY, random)).reduce((sum, ms) => sum + ms, 0);
    expect(waits(() => 0.5)).toBeGreaterThan(90_000);
    // Bounded all the same: a proxy that never comes back dead-letters within the hour.
    expect(waits(() => 1) + DEFAULT_DELIVERY.maxAttempts * DEFAULT_DELIVERY.attemptTimeoutMs).toBeLessThan(3_600_000);
  });

  it("keeps at most `concurrency` pushes in flight and delivers every message", async () => {
    const d = deliverer({ concurrency: 2 });
    for (let i = 0; i < 10; i++) d.enqueue({ eventType: "OBJECT_FINALIZE", object: LC, generation: String(100 + i) });
    expect(d.backlog).toBe(10);
    await d.idle();
    expect(received.map((r) => r.event.generation).sort()).toEqual(Array.from({ length: 10 }, (_, i) => String(100 + i)));
    expect(d.backlog).toBe(0);
    expect(maxInFlight).toBe(2);
  });
});
