/**
 * Two analyzer replicas on one star at the same moment (issue 16): whatever the interleaving, the
 * stored analysis document and the plots it links are of the same MLC generation, and no plot of
 * an older generation is left behind. Each interleaving is forced: replica B runs its whole
 * refresh inside one of replica A's store calls, after A has read the older MLC.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStoredAnalysis } from "../../../runtime/analysis/analysisStore.js";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { refreshStar } from "../../../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../../../runtime/analyzer/starIndexWriter.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { analysisName, masterLightCurveName, PLOT_FORMATS, PLOT_KINDS, plotName, tryParseObjectName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { syntheticMasterLightCurve, type SyntheticStar } from "../dashboard/syntheticStars.js";
import { delegate, interleavedStore, isFirstPlotOf } from "./storeWrappers.js";

const STAR: SyntheticStar = { pic: "PIC_J2000437+224239", nights: 2, exposures: 48, seed: 3 };
const FIXED_NOW = new Date("2026-12-01T00:00:00Z");

/** A store that records the bytes of every put (replica B's plots are the truth to compare with). */
function recording(store: ObjectStore): { store: ObjectStore; written: Map<string, Buffer> } {
  const written = new Map<string, Buffer>();
  return { written, store: { ...delegate(store), put: (name, data, options) => (written.set(name, Buffer.from(data)), store.put(name, data, options)) } };
}

describe("two analyzer replicas on one star", () => {
  let root: string;
  let fs: FsObjectStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-replicas-"));
    fs = new FsObjectStore({ root });
    await fs.put(masterLightCurveName(STAR.pic), encodeMasterLightCurve(syntheticMasterLightCurve(STAR)));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** Replica B: the MLC gets a third night, then B refreshes the star to the end. */
  const replicaB = (written: Map<string, Buffer>) => async (): Promise<void> => {
    await fs.put(masterLightCurveName(STAR.pic), encodeMasterLightCurve(syntheticMasterLightCurve({ ...STAR, nights: 3 })));
    const b = recording(fs);
    const outcome = await refreshStar({ store: b.store, index: createStarIndexWriter(b.store), now: () => FIXED_NOW }, STAR.pic);
    expect(outcome.status).toBe("analysed");
    for (const [name, data] of b.written) written.set(name, data);
  };

  const expectAgreement = async (written: Map<string, Buffer>): Promise<void> => {
    const current = (await fs.stat(masterLightCurveName(STAR.pic))).generation;
    const document = (await readStoredAnalysis(fs, STAR.pic))?.document;
    expect(document?.mlcGeneration).toBe(current);
    expect((await readStarIndexShard(fs, shardOf(STAR.pic))).rows.get(STAR.pic)?.mlcGeneration).toBe(current);
    for (const kind of PLOT_KINDS) {
      for (const format of PLOT_FORMATS) {
        const name = plotName(STAR.pic, current, kind, format);
        expect((await fs.get(name)).data.equals(written.get(name)!), name).toBe(true);
      }
    }
    const left: string[] = [];
    for await (const object of fs.listAll(`ANALYSIS/${STAR.pic}/`)) left.push(object.name);
    expect(left.map((name) => (tryParseObjectName(name) as { mlcGeneration: string }).mlcGeneration)).toEqual(Array(4).fill(current));
  };

  it.each([
    ["inside A's first plot write", (name: string) => isFirstPlotOf(name, STAR.pic)],
    ["inside A's analysis document write", (name: string) => name === analysisName(STAR.pic)],
  ])("B's newer analysis wins when B runs %s, with B's plots beside it", async (_when, at) => {
    const written = new Map<string, Buffer>();
    const a = interleavedStore(fs, (call) => call.op === "put" && at(call.name), replicaB(written));
    const outcome = await refreshStar({ store: a, index: createStarIndexWriter(a), now: () => FIXED_NOW }, STAR.pic);
    expect(outcome.status).toBe("analysed"); // A analysed the older MLC, and found B's newer document stored
    await expectAgreement(written);
  }, 60_000);

  it("A's cleanup of older plots leaves the plots of B's run in progress", async () => {
    // A stores its analysis; as it lists the star's plots to delete older ones, B stores a newer one.
    const written = new Map<string, Buffer>();
    const a = interleavedStore(fs, (call) => call.op === "list" && call.name === `ANALYSIS/${STAR.pic}/`, replicaB(written));
    await refreshStar({ store: a, index: createStarIndexWriter(a), now: () => FIXED_NOW }, STAR.pic);
    await expectAgreement(written);
  }, 60_000);
});
