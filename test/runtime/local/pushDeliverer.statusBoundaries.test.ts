/**
 * Which answers the deliverer takes as final, at the edges of the classes pushDeliverer.ts names:
 * Pub/Sub acknowledges a push only on 102, 200, 201, 202 or 204
 * (https://cloud.google.com/pubsub/docs/push), so another 2xx such as 203 is retried; a 4xx,
 * 400 included, is dead-lettered at once (the local departure documented there). And a deliverer
 * goes idle again and again: each idle() resolves once that round's messages are done.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { createPushDeliverer } from "../../../runtime/local/pushDeliverer.js";

const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";

let server: http.Server;
let url: string;
/** The statuses of the next answers, in order; 204 once used up. */
let script: number[];
let pushes: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      pushes++;
      res.writeHead(script.shift() ?? 204, { connection: "close" }).end();
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
  script = [];
  pushes = 0;
});

const deliverer = () =>
  createPushDeliverer({
    pushUrl: url,
    token: () => "token-for-tests",
    bucket: "piaa-local",
    logger: createLogger({ service: "test", level: "silent" }),
    delivery: { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 5 },
  });

it.each([
  { answers: [400], pushes: 1, stats: { delivered: 0, retried: 0, deadLettered: [LC] } },
  { answers: [499], pushes: 1, stats: { delivered: 0, retried: 0, deadLettered: [LC] } },
  { answers: [203, 204], pushes: 2, stats: { delivered: 1, retried: 1, deadLettered: [] } },
  { answers: [500, 202], pushes: 2, stats: { delivered: 1, retried: 1, deadLettered: [] } },
])("answers $answers: $pushes pushes, then $stats", async ({ answers, pushes: expectedPushes, stats }) => {
  script = [...answers];
  const d = deliverer();
  d.enqueue({ eventType: "OBJECT_FINALIZE", object: LC, generation: "5" });
  await d.idle();
  expect({ pushes, stats: d.stats }).toEqual({ pushes: expectedPushes, stats });
  await d.close();
});

it("resolves idle() at the end of each round of work, not only the first", { timeout: 10_000 }, async () => {
  const d = deliverer();
  for (const generation of ["1", "2", "3"]) {
    d.enqueue({ eventType: "OBJECT_FINALIZE", object: LC, generation });
    await d.idle();
    expect(d.backlog).toBe(0);
  }
  expect({ pushes, delivered: d.stats.delivered }).toEqual({ pushes: 3, delivered: 3 });
  await d.close();
});
