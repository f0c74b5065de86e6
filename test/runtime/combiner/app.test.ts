/**
 * The combiner app in process (supertest): bad input gets a 4xx and touches nothing, good input
 * is merged durably, concurrent segments of a star are coalesced, overload gets 503 +
 * Retry-After, and the probes and metrics answer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCombinerApp, type CombinerApp, type CombinerLimits } from "../../../runtime/combiner/app.js";
import { countingObjectStore, type CountingObjectStore } from "../../../runtime/combiner/countingObjectStore.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { generatedPic, generatedSegment, listingWithGenerations, uploadSegments } from "./generatedSegments.js";

const TOKEN = "test-token-0123456789abcdef";
const AUTH = `Bearer ${TOKEN}`;
const logger = createLogger({ service: "combiner", level: "silent" });

let dir: string;
let store: CountingObjectStore;
let combiner: CombinerApp;

function startApp(limits: Partial<CombinerLimits> = {}, backing: ObjectStore = store): CombinerApp {
  combiner = createCombinerApp({ store: backing, logger, token: TOKEN, limits: { windowMs: 2, ...limits } });
  return combiner;
}

/** POSTs a body (a string is sent as raw JSON text); `auth: null` sends no Authorization. */
const post = (body: unknown, auth: string | null = AUTH) => {
  const req = request(combiner.app).post("/v1/segments");
  if (auth !== null) req.set("Authorization", auth);
  return typeof body === "string" ? req.set("Content-Type", "application/json").send(body) : req.send(body as object);
};

async function readMlc(pic: string) {
  return (await loadMasterLightCurve(store, pic)).mlc;
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-combiner-app-"));
  store = countingObjectStore(openObjectStore(dir));
});
afterEach(async () => {
  await combiner?.drain();
  await rm(dir, { recursive: true, force: true });
});

const PIC = generatedPic(1);
const good = generatedSegment(PIC, 0, 20);

/** A stored LC whose points break one rule of design §4, and the words the 422 must contain. */
const badSegments: [string, (points: Record<string, unknown>[]) => string, RegExp][] = [
  ["NaN written as text", (p) => JSON.stringify(p).replace('"R":1', '"R":NaN'), /not valid JSON/],
  ["a negative sigma", (p) => JSON.stringify([{ ...p[0], sig_g: -0.006 }, ...p.slice(1)]), /point 0.*sig_g.*> 0/],
  ["an unparsable time", (p) => JSON.stringify([...p.slice(0, 3), { ...p[3], time: "2016-07-02 25:61" }]), /point 3.*time/],
  ["a string flux", (p) => JSON.stringify([{ ...p[0], B: "0.99" }]), /point 0.*field "B".*number/],
  ["a time outside its night", (p) => JSON.stringify([{ ...p[0], time: "2016-08-02T09:18:28.837000" }]), /outside the segment's night/],
  ["not an array", () => JSON.stringify({ points: [] }), /JSON array/],
];

describe("POST /v1/segments: bad input gets a 4xx with a clear message and touches nothing", () => {
  const body = { bucket: "piaa-test", object: good.object };
  const requests: [string, () => request.Test, number, RegExp][] = [
    ["invalid JSON", () => post('{"bucket": "piaa-test", "object": '), 400, /JSON|Unexpected/i],
    ["NaN in the body", () => post(`{"bucket":"piaa-test","object":"${good.object}","generation":NaN}`), 400, /JSON|Unexpected/i],
    ["a JSON array body", () => post("[1,2]"), 400, /JSON object/],
    ["text/plain body", () => request(combiner.app).post("/v1/segments").set("Authorization", AUTH).set("Content-Type", "text/plain").send("x"), 400, /JSON object/],
    ["object of the wrong type", () => post({ bucket: "piaa-test", object: 42 }), 400, /object/],
    ["missing object", () => post({ bucket: "piaa-test" }), 400, /object: is required/],
    ["generation as a number", () => post({ ...body, generation: 1469356870772000 }), 400, /generation.*decimal/],
    ["generation not decimal", () => post({ ...body, generation: "12ab" }), 400, /generation/],
    ["unknown eventType", () => post({ ...body, eventType: "OBJECT_ARCHIVE" }), 400, /eventType/],
    ["unknown field", () => post({ ...body, extra: 1 }), 400, /unknown field.*extra/],
    ["an MLC name", () => post({ ...body, object: masterLightCurveName(PIC) }), 400, /not a light-curve segment/],
    ["a PSC name", () => post({ ...body, object: `PSC/PAN000/108715/2016-07-02T09:18:28.837000/${PIC}.fits` }), 400, /not a light-curve segment/],
    ["a path escaping LC/", () => post({ ...body, object: "LC/../MLC/x.json" }), 400, /"\.\." path part/],
    ["a malformed LC name", () => post({ ...body, object: `LC/${PIC}/PAN0/1/x.json` }), 400, /unit "PAN0"/],
    ["another file under LC/", () => post({ ...body, object: `LC/${PIC}/notes.txt` }), 400, /expected LC\//],
    ["an oversize body", () => post({ ...body, padding: "x".repeat(20_000) }), 413, /larger than the 16384 bytes accepted/],
    ["no bearer", () => post(body, null), 401, /missing Authorization/],
    ["a forged bearer", () => post(body, "Bearer test-token-0123456789abcdeF"), 401, /not valid/],
    ["basic auth", () => post(body, `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`), 401, /not a Bearer/],
  ];

  it.each(requests)("%s → %i", async (_name, send, status, message) => {
    startApp();
    await uploadSegments(store, [good]);
    const before = await listingWithGenerations(store);
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.body.message).toMatch(message);
    expect(await listingWithGenerations(store)).toEqual(before);
  });

  it.each(badSegments)("a segment with %s → 422 naming the object and the fault", async (_name, corrupt, message) => {
    startApp();
    const points = JSON.parse(good.bytes) as Record<string, unknown>[];
    await store.put(good.object, Buffer.from(corrupt(points)));
    const before = await listingWithGenerations(store);
    const res = await post({ bucket: "piaa-test", object: good.object });
    expect(res.status).toBe(422);
    expect(res.body.object).toBe(good.object);
    expect(res.body.message).toContain(good.object);
    expect(res.body.message).toMatch(message);
    // Nothing merged; the MLC records the object dead at this generation (a tombstone), so that
    // no batch that read an earlier, valid generation can merge it after this answer.
    const after = await listingWithGenerations(store);
    expect(after.filter((entry) => !before.includes(entry)).map((entry) => entry.split("@")[0])).toEqual([masterLightCurveName(PIC)]);
    const mlc = await readMlc(PIC);
    expect(mlc.segments).toEqual([]);
    const uploaded = before.find((entry) => entry.startsWith(`${good.object}@`))!.split("@")[1];
    expect(mlc.tombstones).toEqual([{ object: good.object, generation: uploaded }]);
  });
});

describe("POST /v1/segments: merging", () => {
  it("merges a segment, answers duplicates without writing, and removes it on delete", async () => {
    startApp();
    const generation = (await uploadSegments(store, [good])).get(good.object)!;
    const first = await post({ bucket: "any-name-for-a-directory", object: good.object, generation });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ object: good.object, generation, outcome: "merged" });
    const mlc = await readMlc(PIC);
    expect(mlc.segments.map((s) => [s.object, s.generation])).toEqual([[good.object, generation]]);
    expect(mlc.points.time).toHaveLength(20);

    const mlcGeneration = (await store.stat(masterLightCurveName(PIC))).generation;
    const again = await post({ bucket: "piaa-test", object: good.object, generation });
    expect(again.status).toBe(200);
    expect(again.body.outcome).toBe("unchanged");
    expect((await store.stat(masterLightCurveName(PIC))).generation).toBe(mlcGeneration);

    await store.delete(good.object);
    const removed = await post({ bucket: "piaa-test", object: good.object, generation, eventType: "OBJECT_DELETE" });
    expect(removed.status).toBe(200);
    expect(removed.body.outcome).toBe("removed");
    expect((await readMlc(PIC)).segments).toEqual([]);
  });

  it("coalesces concurrent segments of one star into fewer MLC writes than segments", async () => {
    startApp({ windowMs: 100 });
    const segments = Array.from({ length: 24 }, (_, k) => generatedSegment(PIC, k, 20));
    await uploadSegments(store, segments);
    store.resetCounts();
    const answers = await Promise.all(segments.map((s) => post({ bucket: "piaa-test", object: s.object })));
    expect(answers.map((a) => a.status)).toEqual(segments.map(() => 200));
    expect(answers.map((a) => a.body.object)).toEqual(segments.map((s) => s.object));
    expect(answers.every((a) => a.body.outcome === "merged")).toBe(true);
    // Each MLC write is one put; 24 segments must have needed far fewer than 24.
    expect(store.counts.put).toBeLessThanOrEqual(4);
    const mlc = await readMlc(PIC);
    expect(mlc.segments).toHaveLength(24);
    expect(mlc.points.time).toHaveLength(24 * 20);
  });

  it("answers 503 with Retry-After when the queue is full, and touches nothing for it", async () => {
    // Every read waits for the gate, so the two accepted segments stay in flight until released.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const gated: ObjectStore = {
      ...store,
      get: async (name) => gate.then(() => store.get(name)),
      getIfChanged: async (name, generation) => gate.then(() => store.getIfChanged(name, generation)),
    };
    startApp({ maxPending: 2, retryAfterS: 3 }, gated);
    const [a, b, c] = [1, 2, 3].map((n) => generatedSegment(generatedPic(n), 0, 5));
    await uploadSegments(store, [a!, b!, c!]);
    const accepted = [a!, b!].map((s) => post({ bucket: "piaa-test", object: s.object }).then((r) => r));
    for (let i = 0; i < 200 && combiner.pending < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(combiner.pending).toBe(2);
    const refused = await post({ bucket: "piaa-test", object: c!.object });
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("3");
    expect(refused.body.message).toMatch(/overloaded.*limit 2/);
    openGate();
    expect((await Promise.all(accepted)).map((r) => r.status)).toEqual([200, 200]);
    const mlcs = (await listingWithGenerations(store)).filter((n) => n.startsWith("MLC/"));
    expect(mlcs.map((n) => n.split("@")[0])).toEqual([a!.pic, b!.pic].map(masterLightCurveName).sort());
  });
});

describe("probes and metrics", () => {
  it("reports health, readiness (failing while draining) and Prometheus metrics", async () => {
    startApp();
    await uploadSegments(store, [good]);
    expect((await request(combiner.app).get("/healthz")).status).toBe(200);
    expect((await request(combiner.app).get("/readyz")).status).toBe(200);
    expect((await post({ bucket: "piaa-test", object: good.object })).status).toBe(200);
    expect((await post({ bucket: "piaa-test", object: good.object }, null)).status).toBe(401);

    const metrics = await request(combiner.app).get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/piaa_combiner_requests_total\{status="200"\} 1\b/);
    expect(metrics.text).toMatch(/piaa_combiner_requests_total\{status="401"\} 1\b/);
    expect(metrics.text).toMatch(/piaa_combiner_segment_changes_total\{outcome="merged"\} 1\b/);
    expect(metrics.text).toMatch(/piaa_combiner_merge_duration_seconds_count\{result="ok"\} 1\b/);
    expect(metrics.text).toMatch(/piaa_combiner_storage_operations_total\{operation="put",outcome="ok"\} 1\b/);
    expect(metrics.text).toMatch(/piaa_combiner_queue_depth 0\b/);
    expect(metrics.text).toMatch(/piaa_combiner_cas_conflicts_total 0\b/);

    await combiner.drain();
    const ready = await request(combiner.app).get("/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body.message).toMatch(/shutting down/);
    const late = await post({ bucket: "piaa-test", object: good.object });
    expect(late.status).toBe(503);
    expect(late.headers["retry-after"]).toBeDefined();
  });
});
