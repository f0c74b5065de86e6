/**
 * Where the proxy sends a segment: `POST <combiner base URL>/v1/segments`, the route the combiner
 * serves (runtime/combiner/app.ts; test/runtime/combiner/app.test.ts posts there), with the shared
 * bearer secret, rotating over the configured base URLs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { createCombinerForwarder } from "../../../runtime/proxy/combinerForwarder.js";
import { startFakeCombiner, type FakeCombiner } from "./fakeCombiner.js";

const TOKEN = "a-bearer-secret-long-enough-for-the-combiner-0123456789";
const segment = {
  bucket: "piaa-test",
  object: "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json",
  generation: "1764151200123456",
  eventType: "OBJECT_FINALIZE" as const,
};
const silent = createLogger({ service: "proxy", level: "silent", destination: { write: () => {} } });

let combiners: FakeCombiner[] = [];
afterEach(async () => {
  await Promise.all(combiners.map((c) => c.close()));
  combiners = [];
});

describe("the proxy's combiner URL", () => {
  it("posts the segment to /v1/segments of the base URL, with or without a trailing slash", async () => {
    combiners = [await startFakeCombiner(), await startFakeCombiner()];
    const [a, b] = combiners as [FakeCombiner, FakeCombiner];
    const forwarder = createCombinerForwarder({ urls: [a.url, `${b.url}/`], token: TOKEN, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    // Both answer 503 once, so the attempts reach both base URLs.
    a.script(503);
    b.script(503);
    const result = await forwarder.forward(segment, silent);
    expect(result).toMatchObject({ outcome: "confirmed", attempts: 3 });
    const seen = [...a.requests, ...b.requests];
    expect(seen.map((r) => r.path)).toEqual(["/v1/segments", "/v1/segments", "/v1/segments"]);
    expect([a.requests.length, b.requests.length].sort()).toEqual([1, 2]);
    for (const request of seen) {
      expect(request.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.body).toEqual(segment);
    }
  });
});
