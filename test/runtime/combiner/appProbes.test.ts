/**
 * The combiner's probes in process, without a merge (app.test.ts checks them around one): /healthz
 * answers while the store is down, /readyz asks the store one cheap question (a one-result
 * listing under MLC/) and fails with Retry-After while draining, /metrics is Prometheus text with
 * the queue depth read at scrape time, and Node's process metrics only when asked for.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createCombinerApp, type CombinerApp } from "../../../runtime/combiner/app.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ListOptions, ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { scratchBuckets } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-app-probes-");
const TOKEN = "probe-token-0123456789abcdef";
const silent = createLogger({ service: "combiner", level: "silent" });
let combiner: CombinerApp | undefined;
afterEach(async () => {
  await combiner?.drain();
  combiner = undefined;
});

describe("combiner probes", () => {
  it("answers /healthz with ok even when the store does not answer", async () => {
    const down: ObjectStore = Object.create(freshStore(), { list: { value: () => Promise.reject(new StoreUnavailableError("gs://down", "no route")) } });
    combiner = createCombinerApp({ store: down, logger: silent, token: TOKEN });
    const health = await request(combiner.app).get("/healthz");
    expect([health.status, health.body]).toEqual([200, { status: "ok" }]);
    expect((await request(combiner.app).get("/readyz")).status).toBe(503);
  });

  it("checks readiness with one listing of at most one name under MLC/", async () => {
    const inner = freshStore();
    const listings: ListOptions[] = [];
    const watched: ObjectStore = Object.create(inner, {
      list: { value: (options: ListOptions) => (listings.push(options), inner.list(options)) },
    });
    combiner = createCombinerApp({ store: watched, logger: silent, token: TOKEN });
    const ready = await request(combiner.app).get("/readyz");
    expect([ready.status, ready.body]).toEqual([200, { status: "ready", bucket: inner.url }]);
    expect(listings).toEqual([{ prefix: "MLC/", maxResults: 1 }]);
  });

  it("fails /readyz while draining with 503, Retry-After and the reason, without asking the store", async () => {
    const inner = freshStore();
    let listed = 0;
    const watched: ObjectStore = Object.create(inner, { list: { value: (options: ListOptions) => (listed++, inner.list(options)) } });
    combiner = createCombinerApp({ store: watched, logger: silent, token: TOKEN, limits: { retryAfterS: 7 } });
    await combiner.drain();
    const ready = await request(combiner.app).get("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.headers["retry-after"]).toBe("7");
    expect(ready.body).toMatchObject({ error: "OverloadedError", object: "readyz" });
    expect(ready.body.message).toMatch(/the combiner is shutting down/);
    expect(listed).toBe(0);
  });

  it("serves Prometheus text with the queue depth, and Node's process metrics only when asked", async () => {
    combiner = createCombinerApp({ store: freshStore(), logger: silent, token: TOKEN });
    const plain = await request(combiner.app).get("/metrics");
    expect(plain.status).toBe(200);
    expect(plain.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(plain.text).toMatch(/^piaa_combiner_queue_depth 0$/m);
    expect(plain.text).not.toMatch(/piaa_combiner_process_cpu/);
    await combiner.drain();
    combiner = createCombinerApp({ store: freshStore(), logger: silent, token: TOKEN, processMetrics: true });
    expect((await request(combiner.app).get("/metrics")).text).toMatch(/^piaa_combiner_process_cpu_seconds_total /m);
  });
});
