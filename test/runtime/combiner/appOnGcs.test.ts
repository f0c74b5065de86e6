/**
 * The combiner app serving a gs:// bucket, through GcsObjectStore and the fake Cloud Storage JSON
 * API on 127.0.0.1 (test/runtime/core/store/fakeGcsServer.ts): at most 3 storage operations per
 * notification, `bucket` must be the served one, and a failing store gives 503 (the notification
 * is redelivered) without writing anything.
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createCombinerApp, type CombinerApp } from "../../../runtime/combiner/app.js";
import { countingObjectStore, totalOperations, type CountingObjectStore } from "../../../runtime/combiner/countingObjectStore.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { GcsObjectStore } from "../../../runtime/core/store/gcsObjectStore.js";
import { startFakeGcsServer, type FakeGcsServer } from "../core/store/fakeGcsServer.js";
import { generatedPic, generatedSegment, uploadSegments } from "./generatedSegments.js";

const TOKEN = "gcs-test-token-0123456789abcdef";
const BUCKET = "piaa-test";

let server: FakeGcsServer;
let store: CountingObjectStore;
let combiner: CombinerApp;

beforeEach(async () => {
  server = await startFakeGcsServer();
  // No client retries: a failing call surfaces at once (the retry path is tested with the store).
  const gcs = new GcsObjectStore({ bucket: BUCKET, apiEndpoint: server.endpoint, retry: { maxRetries: 0 } });
  store = countingObjectStore(gcs);
  combiner = createCombinerApp({ store, logger: createLogger({ service: "combiner", level: "silent" }), token: TOKEN, limits: { windowMs: 5 } });
});
afterEach(async () => {
  await combiner.drain();
  await server.close();
});

const post = (body: object) => request(combiner.app).post("/v1/segments").set("Authorization", `Bearer ${TOKEN}`).send(body);
const pic = generatedPic(7);
const segment = generatedSegment(pic, 0, 20);

describe("combiner on a gs:// bucket", () => {
  it("merges a new segment with at most 3 storage operations, and a duplicate with 1", async () => {
    const generation = (await uploadSegments(store, [segment])).get(segment.object)!;
    store.resetCounts();
    const res = await post({ bucket: BUCKET, object: segment.object, generation });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe("merged");
    expect(store.counts).toMatchObject({ get: 2, put: 1 });
    expect(totalOperations(store.counts)).toBeLessThanOrEqual(3);
    const mlcWrite = server.requests.find((r) => r.operation === "objects.insert" && r.objectName === masterLightCurveName(pic));
    // The first MLC write is create-only (GCS ifGenerationMatch=0).
    expect(mlcWrite?.query.ifGenerationMatch).toBe("0");

    store.resetCounts();
    const again = await post({ bucket: BUCKET, object: segment.object, generation });
    expect(again.body.outcome).toBe("unchanged");
    expect(totalOperations(store.counts)).toBe(1);
  });

  it("refuses a notification about another bucket without touching the store", async () => {
    store.resetCounts();
    const res = await post({ bucket: "someone-elses-bucket", object: segment.object });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/"someone-elses-bucket" is not this combiner's bucket \(piaa-test\)/);
    expect(totalOperations(store.counts)).toBe(0);
  });

  it("answers 503 when the store fails, writes nothing, and merges on redelivery", async () => {
    const generation = (await uploadSegments(store, [segment])).get(segment.object)!;
    server.failNext(1, { status: 503 });
    const failed = await post({ bucket: BUCKET, object: segment.object, generation });
    expect(failed.status).toBe(503);
    expect(failed.body.error).toBe("StoreUnavailableError");
    expect(server.requests.some((r) => r.operation === "objects.insert" && r.objectName === masterLightCurveName(pic))).toBe(false);
    server.failNext(1, { reset: true });
    expect((await request(combiner.app).get("/readyz")).status).toBe(503);

    const redelivered = await post({ bucket: BUCKET, object: segment.object, generation });
    expect(redelivered.status).toBe(200);
    expect(redelivered.body.outcome).toBe("merged");
  });
});
