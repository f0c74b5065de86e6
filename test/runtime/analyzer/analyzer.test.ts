/**
 * Acceptance of the analyzer (issue 16): redelivered, duplicated and out-of-order MLC events leave
 * the same stored analysis, plots and index as one event per final generation; each generation is
 * analysed at most once however many events name it; every event is acknowledged once its star's
 * results are stored. Interleavings are forced with a store gate (a run held mid-star while the
 * MLC changes and stale events arrive), not hoped for.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStarIndexShard, shardOf, STAR_INDEX_SHARDS } from "../../../runtime/analysis/starIndex.js";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { createAnalyzer } from "../../../runtime/analyzer/analyzer.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import type { MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { analysisName, masterLightCurveName, plotName, PLOT_FORMATS, PLOT_KINDS } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { syntheticMasterLightCurve, type SyntheticStar } from "../dashboard/syntheticStars.js";
import { manualSource } from "./manualSource.js";
import { gatedStore, isFirstPlotOf } from "./storeWrappers.js";

const logger = createLogger({ service: "test", level: "silent" });
const FIXED_NOW = new Date("2026-12-01T00:00:00Z");
const INTERVAL_MS = 30;
const STARS: SyntheticStar[] = [
  { pic: "PIC_J2000437+224239", nights: 2, exposures: 72, seed: 7, transit: { periodDays: 1.1, firstMidUnixS: Date.UTC(2026, 7, 1, 3) / 1000, durationS: 5000, depth: 0.03 } },
  { pic: "PIC_J0326137+295015", nights: 2, exposures: 72, seed: 8 },
];
const [A, B] = STARS.map((s) => s.pic) as [string, string];

async function writeVersion(store: ObjectStore, star: SyntheticStar, nights: number): Promise<void> {
  await store.put(masterLightCurveName(star.pic), encodeMasterLightCurve(syntheticMasterLightCurve({ ...star, nights })));
}

/** Everything the analyzer stores, as comparable text: analysis documents, plot digests, index rows. */
async function storedResults(store: ObjectStore): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const { pic } of STARS) {
    out[analysisName(pic)] = (await store.get(analysisName(pic))).data.toString("utf8");
    const generation = (await store.stat(masterLightCurveName(pic))).generation;
    for (const kind of PLOT_KINDS) {
      for (const format of PLOT_FORMATS) out[plotName(pic, generation, kind, format)] = createHash("sha256").update((await store.get(plotName(pic, generation, kind, format))).data).digest("hex");
    }
    // Plots of earlier generations are gone.
    for await (const object of store.listAll(`ANALYSIS/${pic}/`)) expect(object.name).toContain(`/${generation}/`);
  }
  for (let shard = 0; shard < STAR_INDEX_SHARDS; shard++) {
    const rows = [...(await readStarIndexShard(store, shard)).rows.values()];
    if (rows.length > 0) out[`index ${shard}`] = JSON.stringify(rows);
  }
  return out;
}

function countingAnalysis() {
  const analysed: string[] = [];
  return {
    analysed,
    analyze: (mlc: MasterLightCurve) => {
      analysed.push(`${mlc.pic} ${mlc.segments.length}`);
      return analyzeLightCurve(mlc);
    },
  };
}

describe("analyzer under redelivered, duplicated and out-of-order events", () => {
  let root: string;
  let fs: FsObjectStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-analyzer-"));
    fs = new FsObjectStore({ root });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stores what one event per final generation stores, analysing each generation once", async () => {
    for (const star of STARS) await writeVersion(fs, star, 2);
    // Star A's first run stops at its first plot write until the test lets it go on.
    const gate = gatedStore(fs, (name) => isFirstPlotOf(name, A));
    const { source, emit, events } = manualSource();
    const counter = countingAnalysis();
    const analyzer = createAnalyzer({ store: gate.store, source, logger, intervalMs: INTERVAL_MS, concurrency: 2, now: () => FIXED_NOW, analyze: counter.analyze });
    await analyzer.start();

    emit(A);
    emit(B);
    emit(A); // a duplicate while the first is waiting for its run
    await gate.reached;
    // While A's run (of 2 nights) is held mid-star: its MLC changes twice, and events about it
    // arrive duplicated and late.
    await writeVersion(fs, STARS[0]!, 3);
    emit(A);
    await writeVersion(fs, STARS[0]!, 4);
    emit(A);
    emit(A);
    gate.open();
    await analyzer.idle();
    // Redeliveries of events already handled, and one for B whose MLC never changed.
    emit(A);
    emit(B);
    emit(B);
    await analyzer.idle();
    // B changes; its events arrive twice, with a stale one in between.
    await writeVersion(fs, STARS[1]!, 3);
    emit(B);
    emit(A);
    emit(B);
    await analyzer.idle();
    await analyzer.stop();

    // Every event acknowledged exactly once, none handed back.
    expect(events.map((e) => [e.acks, e.nacks])).toEqual(events.map(() => [1, 0]));
    // A: its first run (2 nights) and one run covering both later changes (4 nights); B: 2 and 3.
    expect(counter.analysed.sort()).toEqual([`${A} 4`, `${A} 8`, `${B} 4`, `${B} 6`].sort());
    const noisy = await storedResults(fs);

    // The reference: the same final MLCs, nothing stored, one event per star.
    await rm(path.join(root, "ANALYSIS"), { recursive: true });
    const reference = manualSource();
    const calm = createAnalyzer({ store: fs, source: reference.source, logger, intervalMs: INTERVAL_MS, concurrency: 1, now: () => FIXED_NOW });
    await calm.start();
    reference.emit(A);
    reference.emit(B);
    await calm.idle();
    await calm.stop();
    expect(await storedResults(fs)).toEqual(noisy);
    const rowA = (await readStarIndexShard(fs, shardOf(A))).rows.get(A);
    expect(rowA).toMatchObject({ status: "analysed", segments: 8, mlcGeneration: (await fs.stat(masterLightCurveName(A))).generation });
  }, 60_000);

  it("debounces: events for a star within one interval give one run, which sees the latest MLC", async () => {
    await writeVersion(fs, STARS[1]!, 2);
    const { source, emit, events } = manualSource();
    const counter = countingAnalysis();
    const analyzer = createAnalyzer({ store: fs, source, logger, intervalMs: 60_000, concurrency: 1, now: () => FIXED_NOW, analyze: counter.analyze });
    await analyzer.start();
    emit(B);
    await analyzer.idle();
    // Within the interval: two changes, three events; the run waits out the interval, so none
    // is due before the test stops the analyzer, and no event is acknowledged meanwhile.
    await writeVersion(fs, STARS[1]!, 3);
    emit(B);
    await writeVersion(fs, STARS[1]!, 4);
    emit(B);
    emit(B);
    expect(analyzer.backlog).toBe(1);
    await analyzer.stop();
    expect(counter.analysed).toEqual([`${B} 4`]);
    expect(events.map((e) => e.acks)).toEqual([1, 0, 0, 0]);
  }, 30_000);

  it("marks a star whose MLC cannot be read with an error row and goes on with the others", async () => {
    await writeVersion(fs, STARS[1]!, 2);
    await fs.put(masterLightCurveName(A), Buffer.from("{not json"));
    const { source, emit, events } = manualSource();
    const analyzer = createAnalyzer({ store: fs, source, logger, intervalMs: INTERVAL_MS, concurrency: 2, now: () => FIXED_NOW });
    await analyzer.start();
    emit(A);
    emit(B);
    await analyzer.idle();
    await analyzer.stop();
    const rows = new Map<string, { status: string; error: string | null }>();
    for (let shard = 0; shard < STAR_INDEX_SHARDS; shard++) for (const [pic, row] of (await readStarIndexShard(fs, shard)).rows) rows.set(pic, row);
    expect(rows.get(A)).toMatchObject({ status: "error", error: expect.stringMatching(/invalid document MLC\/PIC_J2000437\+224239\.json: not valid JSON/) });
    expect(rows.get(B)).toMatchObject({ status: "analysed", error: null });
    expect(events.every((e) => e.acks === 1)).toBe(true);
  }, 30_000);
});
