/**
 * A refresh whose star gets a newer MLC while its analysis is computed (a combiner merged new data
 * meanwhile) stops at the checkpoint after the computation: it writes neither plots nor a document
 * for the obsolete generation, and says so with SupersededRunError, so that the run for the newer
 * generation is the one that stores. The newer MLC and its event arrive inside `compute`, after the
 * results are made, which forces the interleaving.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStoredAnalysis } from "../../../runtime/analysis/analysisStore.js";
import { computeOnEventLoop, refreshStar } from "../../../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../../../runtime/analyzer/starIndexWriter.js";
import { SupersededRunError } from "../../../runtime/analyzer/supersededRun.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const PIC = "PIC_J0326137+295015";
const mlcBytes = (seed: number) => encodeMasterLightCurve(syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 72, seed }));
let dir: string;
let bucket: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-refresh-superseded-"));
  bucket = openObjectStore(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("refreshStar superseded while its analysis is computed", () => {
  it("stops before writing plots or a document for the older generation", { timeout: 30_000 }, async () => {
    await bucket.put(masterLightCurveName(PIC), mlcBytes(3));
    let heard: () => void = () => {};
    const computeHere = computeOnEventLoop();
    const compute = async (...args: Parameters<typeof computeHere>) => {
      const [mlc, generation, signal] = args;
      const results = await computeHere(mlc, generation);
      await bucket.put(masterLightCurveName(PIC), mlcBytes(4)); // the newer MLC, and its event
      heard();
      for (let tries = 0; tries < 200 && !signal?.aborted; tries++) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(signal?.aborted).toBe(true);
      return results;
    };

    const run = refreshStar({ store: bucket, index: createStarIndexWriter(bucket), compute }, PIC, { laterEvents: (listener) => void (heard = listener) });

    await expect(run).rejects.toThrow(SupersededRunError);
    const plots: string[] = [];
    for await (const object of bucket.listAll(`ANALYSIS/${PIC}/`)) plots.push(object.name);
    expect(plots).toEqual([]);
    expect(await readStoredAnalysis(bucket, PIC)).toBeUndefined();
  });
});
