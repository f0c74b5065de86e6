/**
 * refreshStar's conditional write of the analysis document (refreshStar.ts, storeAnalysis) when
 * the document it read is gone by the time it writes: another writer deleted it (the star's MLC
 * was removed and re-uploaded, say). The write's generation precondition then fails and the
 * re-read finds nothing; the run must store its document as a new object, not fail and be retried
 * forever on the same race. The deletion is forced by a store wrapper at the write itself.
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
let dir: string;
let bucket: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-refresh-gone-"));
  bucket = openObjectStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("refreshStar when the stored analysis is deleted while it runs", () => {
  it("stores its document as a new object after the precondition fails on the vanished one", { timeout: 30_000 }, async () => {
    const mlc = encodeMasterLightCurve(syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 72, seed: 3 }));
    const { generation } = await bucket.put(masterLightCurveName(PIC), mlc);
    // An earlier document the run reads (unreadable, so it must be replaced whatever it says).
    await bucket.put(analysisName(PIC), Buffer.from("{truncated"));
    const failedWrites: unknown[] = [];
    let deleted = false;
    const store: ObjectStore = {
      ...delegate(bucket),
      async put(name, data, options) {
        if (name === analysisName(PIC) && !deleted) {
          deleted = true;
          await bucket.delete(name); // the other writer, between the run's read and its write
          return bucket.put(name, data, options).catch((error: unknown) => {
            failedWrites.push(error);
            throw error;
          });
        }
        return bucket.put(name, data, options);
      },
    };

    const outcome = await refreshStar({ store, index: createStarIndexWriter(store), now: () => new Date("2026-12-01T00:00:00Z") }, PIC);

    expect(failedWrites).toEqual([expect.any(PreconditionFailedError)]);
    expect(outcome).toMatchObject({ status: "analysed", generation });
    expect((await readStoredAnalysis(bucket, PIC))?.document?.mlcGeneration).toBe(generation);
  });
});
