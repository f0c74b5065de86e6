/**
 * refreshStar's conditional write of the analysis document when another writer stored an analysis
 * of an OLDER MLC generation between the run's read and its write (a slower analyzer finishing a
 * superseded run). The precondition fails; the document found is older than the run's, so the run
 * must write again over it, not take the older one as the answer. Forced by a store wrapper at the
 * write itself.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStoredAnalysis } from "../../../runtime/analysis/analysisStore.js";
import { refreshStar } from "../../../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../../../runtime/analyzer/starIndexWriter.js";
import { PreconditionFailedError } from "../../../runtime/core/errors.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { analysisName, masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";
import { delegate } from "./storeWrappers.js";

const PIC = "PIC_J0326137+295015";
const mlcBytes = (seed: number) => encodeMasterLightCurve(syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 72, seed }));
const now = () => new Date("2026-12-01T00:00:00Z");
let dir: string;
let bucket: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-refresh-older-"));
  bucket = openObjectStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("refreshStar when an older analysis is stored while it runs", () => {
  it("writes its own document over it after the precondition fails", { timeout: 30_000 }, async () => {
    // The older generation's analysis, as the slower writer will store it.
    const { generation: older } = await bucket.put(masterLightCurveName(PIC), mlcBytes(3));
    await refreshStar({ store: bucket, index: createStarIndexWriter(bucket), now }, PIC);
    const olderDocument = (await bucket.get(analysisName(PIC))).data;
    await bucket.delete(analysisName(PIC));
    const { generation: newer } = await bucket.put(masterLightCurveName(PIC), mlcBytes(4));

    const failedWrites: unknown[] = [];
    let raced = false;
    const store: ObjectStore = {
      ...delegate(bucket),
      async put(name, data, options) {
        if (name === analysisName(PIC) && !raced) {
          raced = true;
          await bucket.put(name, olderDocument); // the slower writer, between the run's read and its write
          return bucket.put(name, data, options).catch((error: unknown) => {
            failedWrites.push(error);
            throw error;
          });
        }
        return bucket.put(name, data, options);
      },
    };

    const outcome = await refreshStar({ store, index: createStarIndexWriter(store), now }, PIC);

    expect(failedWrites).toEqual([expect.any(PreconditionFailedError)]);
    expect(outcome).toMatchObject({ status: "analysed", generation: newer });
    expect((await readStoredAnalysis(bucket, PIC))?.document?.mlcGeneration).toBe(newer);
    expect(newer).not.toBe(older);
  });
});
