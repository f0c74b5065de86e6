/**
 * The analyzer with analysis threads (analysisPool.ts): what it stores is byte for byte what the
 * event-loop path stores; a star whose analysis kills its thread (a heap over the thread's limit)
 * gets an error row saying so, and the next star gets a new thread; stopping waits for the job a
 * thread holds. One analyzer with one thread, so the order of the jobs is the order of the runs.
 */
import { readdir, readFile, rename, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { createAnalyzer } from "../../../runtime/analyzer/analyzer.js";
import type { RefreshOutcome } from "../../../runtime/analyzer/refreshStar.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { syntheticMasterLightCurve, type SyntheticStar } from "../dashboard/syntheticStars.js";
import { manualSource } from "./manualSource.js";

const logger = createLogger({ service: "test", level: "silent" });
const FIXED_NOW = new Date("2026-12-01T00:00:00Z");
/**
 * Enough for a thread to load its modules from source (tsx, ~50 MiB of heap: 56 MiB was too
 * little for a two-night star) and analyse a two-night star, too little for the ~345,000-point
 * MLC below, whose nine columns arrive in the thread as ~25 MiB of plain arrays before any
 * analysis: its thread dies within a second or two of getting it, where a star the heap barely
 * fails to hold would be analysed for tens of seconds first (a 35,000-point star at 96 MiB took
 * ~60 s of this file, and with the binned plots no longer fails).
 */
const THREAD_HEAP_MB = 80;
const CANDIDATE: SyntheticStar = { pic: "PIC_J2000437+224239", nights: 2, exposures: 72, seed: 7, transit: { periodDays: 1.1, firstMidUnixS: Date.UTC(2026, 7, 1, 3) / 1000, durationS: 5000, depth: 0.03 } };
const QUIET: SyntheticStar = { pic: "PIC_J0326137+295015", nights: 2, exposures: 72, seed: 8 };
const HUGE: SyntheticStar = { pic: "PIC_J1632291+190441", nights: 600, exposures: 288, seed: 9 };

let root: string;
let store: FsObjectStore;

/** Every file under `dir` (relative name → bytes). */
async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), await readFile(file));
  }
  return files;
}

/** A star's stored analysis and plots, and its index row. */
async function storedFor(pic: string, dir: string): Promise<{ files: Map<string, Buffer>; row: unknown }> {
  const files = new Map([...(await tree(dir))].filter(([name]) => name.includes(pic)));
  return { files, row: (await readStarIndexShard(store, shardOf(pic))).rows.get(pic) };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "piaa-analysis-threads-"));
  store = new FsObjectStore({ root });
  for (const star of [CANDIDATE, QUIET, HUGE]) await store.put(masterLightCurveName(star.pic), encodeMasterLightCurve(syntheticMasterLightCurve(star)));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("analyzer with analysis threads", () => {
  it("fails only the star that killed its thread, replaces the thread, drains it on stop, and stores what the event loop stores", async () => {
    const { source, emit, events } = manualSource();
    const outcomes = new Map<string, RefreshOutcome>();
    let stopped: Promise<void> | undefined;
    let heard: (outcome: RefreshOutcome) => void = () => {};
    const analyzer = createAnalyzer({
      store,
      source,
      logger,
      intervalMs: 0,
      threads: 1,
      threadHeapMb: THREAD_HEAP_MB,
      concurrency: 2,
      now: () => FIXED_NOW,
      onOutcome: (outcome) => {
        outcomes.set(outcome.pic, outcome);
        heard(outcome);
      },
    });
    await analyzer.start();

    const hugeDone = new Promise<RefreshOutcome>((resolve) => (heard = resolve));
    emit(HUGE.pic);
    expect(await hugeDone).toMatchObject({ status: "error", error: expect.stringMatching(/^analysis failed: analysis thread died: .*memory/) });
    expect(analyzer.threads).toEqual({ running: 0, died: 1 });

    // Both start at once; one waits for the (new) thread. Stopping when the first is stored must
    // wait for the other's job.
    heard = () => void (stopped ??= analyzer.stop());
    emit(CANDIDATE.pic);
    emit(QUIET.pic);
    await analyzer.idle();
    await stopped;
    expect([...outcomes.values()].map((o) => [o.pic, o.status]).sort()).toEqual([[CANDIDATE.pic, "analysed"], [HUGE.pic, "error"], [QUIET.pic, "analysed"]].sort());
    expect(events.map((e) => [e.pic, e.acks, e.nacks])).toEqual([HUGE, CANDIDATE, QUIET].map((s) => [s.pic, 1, 0]));
    expect(analyzer.threads).toEqual({ running: 0, died: 1 });
    const hugeRow = (await readStarIndexShard(store, shardOf(HUGE.pic))).rows.get(HUGE.pic);
    expect(hugeRow).toMatchObject({ status: "error", error: expect.stringMatching(/analysis thread died/) });

    // The same stars on the event loop, from the same MLC generations.
    const threaded = await Promise.all([CANDIDATE, QUIET].map((s) => storedFor(s.pic, path.join(root, "ANALYSIS"))));
    await rename(path.join(root, "ANALYSIS"), path.join(root, "ANALYSIS-threads"));
    const reference = manualSource();
    const onLoop = createAnalyzer({ store, source: reference.source, logger, intervalMs: 0, threads: 0, now: () => FIXED_NOW });
    await onLoop.start();
    reference.emit(CANDIDATE.pic);
    reference.emit(QUIET.pic);
    await onLoop.idle();
    await onLoop.stop();
    const direct = await Promise.all([CANDIDATE, QUIET].map((s) => storedFor(s.pic, path.join(root, "ANALYSIS"))));
    expect(threaded[0]!.files.size).toBe(5); // the analysis document, two plots as SVG and PNG
    expect(threaded).toEqual(direct);
  }, 120_000);
});
