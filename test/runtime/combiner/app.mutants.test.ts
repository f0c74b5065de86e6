/**
 * The combiner app's less common answers, in process: the window chosen from the bucket's kind,
 * a readiness probe whose store does not answer in time (503 naming the bucket), an unknown route
 * (404 naming the method and path), no ETag or X-Powered-By on answers, and a failed segment
 * request logged with that request's trace id.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createCombinerApp, defaultLimits, FILESYSTEM_WINDOW_MS, GCS_WINDOW_MS, type CombinerApp } from "../../../runtime/combiner/app.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName } from "../core/testSegments.js";
import { pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-app-mutants-");
const TOKEN = "test-token-0123456789abcdef";
const silent = createLogger({ service: "combiner", level: "silent" });
let combiner: CombinerApp | undefined;
afterEach(async () => {
  await combiner?.drain();
  combiner = undefined;
});

describe("createCombinerApp, less common answers", () => {
  it("coalesces for a second on gs:// and for a few ms on a directory", () => {
    expect(defaultLimits({ url: "gs://piaa-prod" }).windowMs).toBe(GCS_WINDOW_MS);
    expect(defaultLimits({ url: "file:///tmp/piaa" }).windowMs).toBe(FILESYSTEM_WINDOW_MS);
    // A bucket whose name merely contains "gs://" is not Cloud Storage.
    expect(defaultLimits({ url: "file:///tmp/gs://x" }).windowMs).toBe(FILESYSTEM_WINDOW_MS);
  });

  it("fails /readyz with 503 naming the bucket when the store does not answer within the timeout", async () => {
    const inner = freshStore();
    const hanging: ObjectStore = Object.create(inner, { list: { value: () => new Promise(() => {}) } });
    combiner = createCombinerApp({ store: hanging, logger: silent, token: TOKEN, limits: { readinessTimeoutMs: 30 } });
    const ready = await request(combiner.app).get("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ error: "StoreUnavailableError", object: inner.url });
    expect(ready.body.message).toContain("no answer within 30 ms");
  });

  it("answers /readyz with the bucket it serves when the store answers", async () => {
    const store = freshStore();
    combiner = createCombinerApp({ store, logger: silent, token: TOKEN });
    const ready = await request(combiner.app).get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready", bucket: store.url });
  });

  it("answers an unknown route with 404 naming the method and path, without ETag or X-Powered-By", async () => {
    combiner = createCombinerApp({ store: freshStore(), logger: silent, token: TOKEN });
    const missing = await request(combiner.app).get("/v2/segments");
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ error: "NotFound", message: "no route GET /v2/segments" });
    const health = await request(combiner.app).get("/healthz");
    expect(health.body).toEqual({ status: "ok" });
    expect(health.headers.etag).toBeUndefined();
    expect(health.headers["x-powered-by"]).toBeUndefined();
  });

  it("logs a failed segment request with that request's trace id, and counts it by status", async () => {
    const inner = freshStore();
    const object = testObjectName(1);
    await upload(inner, object, pts(10));
    const down = new StoreUnavailableError(`MLC/${TEST_PIC}.json`, "bucket unreachable");
    const failing: ObjectStore = Object.create(inner, { get: { value: () => Promise.reject(down) }, getIfChanged: { value: () => Promise.reject(down) } });
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ service: "combiner", level: "debug", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    combiner = createCombinerApp({ store: failing, logger, token: TOKEN, limits: { windowMs: 0 } });
    const answer = await request(combiner.app)
      .post("/v1/segments")
      .set("Authorization", `Bearer ${TOKEN}`)
      .set("X-Cloud-Trace-Context", "0123456789abcdef0123456789abcdef/1;o=1")
      .send({ bucket: "any", object });
    expect(answer.status).toBe(503);
    expect(answer.body).toMatchObject({ error: "StoreUnavailableError", object: `MLC/${TEST_PIC}.json` });
    const traced = lines.filter((line) => line.traceId === "0123456789abcdef0123456789abcdef");
    expect(traced.map((line) => line.message)).toContain("segment request");
    expect(traced.find((line) => line.message === "segment request")).toMatchObject({ status: 503 });
    expect(traced.some((line) => line.level === "warn" || line.level === "error")).toBe(true);
    const metrics = await request(combiner.app).get("/metrics");
    expect(metrics.text).toMatch(/piaa_combiner_requests_total\{status="503"\} 1\b/);
  });
});
