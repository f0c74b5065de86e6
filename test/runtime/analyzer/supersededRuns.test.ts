/**
 * A run on an MLC generation that a newer one supersedes while it is in flight stops at its next
 * checkpoint and writes nothing for the obsolete generation; the run on the newer generation
 * stores its results and acknowledges the events of both. Forced with a store gate: the first
 * run is held at its "analysis pending" index write while the MLC changes and its event arrives.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { createAnalyzer } from "../../../runtime/analyzer/analyzer.js";
import { computeStarResults } from "../../../runtime/analyzer/starResults.js";
import { SupersededRunError } from "../../../runtime/analyzer/supersededRun.js";
import { createLogger } from "../../../runtime/core/logging.js";
import type { MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { analysisName, masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { syntheticMasterLightCurve, type SyntheticStar } from "../dashboard/syntheticStars.js";
import { manualSource } from "./manualSource.js";
import { delegate, gatedStore } from "./storeWrappers.js";

const logger = createLogger({ service: "test", level: "silent" });
const STAR: SyntheticStar = { pic: "PIC_J0326137+295015", nights: 2, exposures: 72, seed: 8 };
const mlcName = masterLightCurveName(STAR.pic);
const settled = () => new Promise((resolve) => setImmediate(resolve));

async function writeVersion(store: ObjectStore, nights: number): Promise<string> {
  return (await store.put(mlcName, encodeMasterLightCurve(syntheticMasterLightCurve({ ...STAR, nights })))).generation;
}

/** Records every write (name, and the MLC generation of an analysis document) and resolves `looked` on the next stat of the MLC. */
function recordingStore(store: ObjectStore) {
  const writes: string[] = [];
  let onLook: (() => void) | undefined;
  const recorded: ObjectStore = {
    ...delegate(store),
    async put(name, data, options) {
      writes.push(name === analysisName(STAR.pic) ? `${name} of ${(JSON.parse(Buffer.from(data).toString("utf8")) as { mlcGeneration: string }).mlcGeneration}` : name);
      return store.put(name, data, options);
    },
    async stat(name) {
      const stat = await store.stat(name);
      if (name === mlcName) onLook?.();
      return stat;
    },
  };
  return { store: recorded, writes, nextLook: () => new Promise<void>((resolve) => (onLook = resolve)) };
}

describe("superseded runs", () => {
  let root: string;
  let fs: FsObjectStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-superseded-"));
    fs = new FsObjectStore({ root });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stops a run whose MLC generation is superseded while it is in flight, writes nothing of it, and stores the newer generation's results", async () => {
    const first = await writeVersion(fs, 2);
    const recorder = recordingStore(fs);
    const gate = gatedStore(recorder.store, (name) => name.startsWith("ANALYSIS/index/"));
    const analysed: string[] = [];
    const analyze = (mlc: MasterLightCurve) => (analysed.push(`${mlc.segments.length} segments`), analyzeLightCurve(mlc));
    const { source, emit, events } = manualSource();
    const analyzer = createAnalyzer({ store: gate.store, source, logger, intervalMs: 20, concurrency: 1, analyze });
    await analyzer.start();

    emit(STAR.pic);
    await gate.reached; // the run on `first` is at its "analysis pending" row, before the analysis
    const second = await writeVersion(fs, 3);
    const looked = recorder.nextLook();
    emit(STAR.pic);
    await looked; // the run has seen the newer generation
    await settled();
    gate.open();
    await analyzer.idle();
    await analyzer.stop();

    expect(analyzer.stats).toMatchObject({ superseded: 1, analysed: 1, failed: 0 });
    expect(analysed).toEqual(["6 segments"]); // 3 nights × 2 cameras: the first generation was never analysed
    const results = recorder.writes.filter((name) => !name.startsWith("ANALYSIS/index/"));
    expect(results.filter((name) => name.includes(first))).toEqual([]);
    expect(results).toContain(`${analysisName(STAR.pic)} of ${second}`);
    expect(results.filter((name) => name.includes(`/${second}/`))).toHaveLength(4); // both plots, SVG and PNG
    expect((await readStarIndexShard(fs, shardOf(STAR.pic))).rows.get(STAR.pic)).toMatchObject({ status: "analysed", mlcGeneration: second });
    // The stopped run's event waited for the run that stored the results: both acknowledged once then.
    expect(events.map((e) => [e.acks, e.nacks])).toEqual([
      [1, 0],
      [1, 0],
    ]);
  }, 30_000);

  it("lets a redelivered event for the same generation change nothing: the run goes on and stores its results", async () => {
    const only = await writeVersion(fs, 2);
    const recorder = recordingStore(fs);
    const gate = gatedStore(recorder.store, (name) => name.startsWith("ANALYSIS/index/"));
    const { source, emit, events } = manualSource();
    const analyzer = createAnalyzer({ store: gate.store, source, logger, intervalMs: 20, concurrency: 1 });
    await analyzer.start();
    emit(STAR.pic);
    await gate.reached;
    const looked = recorder.nextLook();
    emit(STAR.pic); // a redelivery: the MLC has not changed
    await looked;
    await settled();
    gate.open();
    await analyzer.idle();
    await analyzer.stop();
    expect(analyzer.stats).toMatchObject({ superseded: 0, analysed: 1, current: 1 });
    expect(recorder.writes).toContain(`${analysisName(STAR.pic)} of ${only}`);
    expect(events.map((e) => [e.acks, e.nacks])).toEqual([
      [1, 0],
      [1, 0],
    ]);
  }, 30_000);

  it("checks between the analysis and the plots", async () => {
    let superseded = false;
    const analyze = (mlc: MasterLightCurve) => {
      const analysis = analyzeLightCurve(mlc);
      superseded = true; // a newer generation became known while the analysis ran
      return analysis;
    };
    const mlc = syntheticMasterLightCurve(STAR);
    await expect(computeStarResults(mlc, "7", { analyze, superseded: () => superseded })).rejects.toEqual(new SupersededRunError(STAR.pic, "7"));
    expect((await computeStarResults(mlc, "7", { superseded: () => false })).plots.map((p) => p.kind)).toEqual(["lightcurve", "folded"]);
  }, 30_000);
});
