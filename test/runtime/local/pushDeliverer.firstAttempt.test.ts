/**
 * A new message's first push goes out at once; only retries wait for the backoff. Pub/Sub pushes
 * a message as soon as it is published and applies its retry policy's backoff to redeliveries only
 * (https://cloud.google.com/pubsub/docs/handling-failures#exponential_backoff), and `piaa start`
 * counts on it: with the generous local backoff (up to 10 s a wait) a delayed first push would
 * hold up every segment of a run.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { createPushDeliverer } from "../../../runtime/local/pushDeliverer.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";

let server: http.Server;
let url: string;
let pushes = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      pushes++;
      res.writeHead(204, { connection: "close" }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pubsub/push`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A deliverer whose retries wait up to ten minutes (a first push that waited would never arrive in a test), counting the tokens it asks for. */
function slowRetryDeliverer(concurrency = 1) {
  pushes = 0;
  const tokens = { asked: 0 };
  const deliverer = createPushDeliverer({
    pushUrl: url,
    token: () => `token-${++tokens.asked}`,
    bucket: "piaa-local",
    logger: createLogger({ service: "test", level: "silent" }),
    delivery: { baseDelayMs: 600_000, maxDelayMs: 600_000, maxAttempts: 3, concurrency },
  });
  return { deliverer, tokens };
}

// close() is not in a `finally`: it waits for a worker's backoff, which a failed first check leaves pending.

it("starts a message's first push at once, with no backoff however long the retries' waits are", async () => {
  const { deliverer, tokens } = slowRetryDeliverer();
  deliverer.enqueue({ object: LC, eventType: "OBJECT_FINALIZE", generation: "1" });
  // The attempt begins inside enqueue(): its bearer token is taken before enqueue returns.
  expect(tokens.asked).toBe(1);
  await deliverer.idle();
  expect({ pushes, stats: deliverer.stats }).toEqual({ pushes: 1, stats: { delivered: 1, retried: 0, deadLettered: [] } });
  await deliverer.close();
});

it("makes the first attempt of each of several messages at once, each with its own token", async () => {
  const { deliverer, tokens } = slowRetryDeliverer(2);
  deliverer.enqueue({ object: LC, eventType: "OBJECT_FINALIZE", generation: "1" });
  deliverer.enqueue({ object: LC.replace("10:41", "10:42"), eventType: "OBJECT_FINALIZE", generation: "2" });
  expect(tokens.asked).toBe(2);
  await deliverer.idle();
  expect({ pushes, delivered: deliverer.stats.delivered }).toEqual({ pushes: 2, delivered: 2 });
  await deliverer.close();
});
