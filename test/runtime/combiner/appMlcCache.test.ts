/**
 * The combiner app keeps recently merged MLC documents (limits.cachePoints, masterLightCurveCache.ts):
 * the next segment of the star asks the store only whether the MLC changed (getIfChanged, answered
 * without a body while it has not) instead of downloading it again; with cachePoints 0 every merge
 * downloads it.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createCombinerApp, type CombinerApp } from "../../../runtime/combiner/app.js";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { testObjectName } from "../core/testSegments.js";
import { pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-app-mlc-cache-");
const TOKEN = "cache-token-0123456789abcdef";
const silent = createLogger({ service: "combiner", level: "silent" });
let combiner: CombinerApp | undefined;
afterEach(async () => {
  await combiner?.drain();
  combiner = undefined;
});

/** Merges two segments of one star, one after the other; the MLC reads the store saw, in order. */
async function mlcReads(cachePoints?: number): Promise<string[]> {
  const inner = freshStore();
  const reads: string[] = [];
  const watched: ObjectStore = Object.create(inner, {
    get: { value: (name: string) => (name.startsWith("MLC/") && reads.push("get"), inner.get(name)) },
    getIfChanged: { value: (name: string, generation: string) => (name.startsWith("MLC/") && reads.push("getIfChanged"), inner.getIfChanged(name, generation)) },
  });
  combiner = createCombinerApp({ store: watched, logger: silent, token: TOKEN, limits: { windowMs: 0, ...(cachePoints === undefined ? {} : { cachePoints }) } });
  for (const [n, offset] of [[1, 10], [2, 5000]] as const) {
    const object = testObjectName(n);
    await upload(inner, object, pts(offset));
    const answer = await request(combiner.app).post("/v1/segments").set("Authorization", `Bearer ${TOKEN}`).send({ bucket: "any", object });
    expect(answer.body).toMatchObject({ outcome: "merged" });
  }
  return reads;
}

describe("the combiner app's MLC cache", () => {
  it("by default asks only whether the MLC changed when merging the star's next segment", async () => {
    expect(await mlcReads()).toEqual(["get", "getIfChanged"]);
  });

  it("downloads the MLC for every merge with cachePoints 0", async () => {
    expect(await mlcReads(0)).toEqual(["get", "get"]);
  });
});
