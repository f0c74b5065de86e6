/**
 * An analyzer killed mid-star resumes and finishes it (issue 16): the first analyzer, on the
 * local event source, is held forever at its first plot write of one star (its process "dies"
 * there: nothing after that write ever happens), then a second one starts on the same bucket.
 * Its first scan compares the MLCs with the star index and hears about exactly the unfinished
 * star, which it analyses to the end; the star the first analyzer finished is not analysed again.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { readStoredAnalysis } from "../../../runtime/analysis/analysisStore.js";
import { createAnalyzer } from "../../../runtime/analyzer/analyzer.js";
import { localEventSource } from "../../../runtime/analyzer/localEventSource.js";
import type { MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { masterLightCurveName, plotName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { writeSyntheticStars, type SyntheticStar } from "../dashboard/syntheticStars.js";
import { gatedStore, isFirstPlotOf } from "./storeWrappers.js";

const logger = createLogger({ service: "test", level: "silent" });
const STARS: SyntheticStar[] = [
  { pic: "PIC_J2000437+224239", nights: 2, exposures: 72, seed: 1 },
  { pic: "PIC_J0326137+295015", nights: 2, exposures: 72, seed: 2 },
];
const [VICTIM, SURVIVOR] = STARS.map((s) => s.pic) as [string, string];

describe("analyzer killed mid-star", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-analyzer-resume-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("is resumed by the next analyzer, which finishes exactly the unfinished star", async () => {
    const fs = new FsObjectStore({ root });
    await writeSyntheticStars(fs, STARS);
    const runs = (analysed: string[]) => (mlc: MasterLightCurve) => (analysed.push(mlc.pic), analyzeLightCurve(mlc));

    // First analyzer: finishes SURVIVOR, dies at VICTIM's first plot write (the gate never opens).
    const gate = gatedStore(fs, (name) => isFirstPlotOf(name, VICTIM));
    const firstSource = localEventSource({ store: gate.store, logger, scanIntervalMs: 20 });
    const firstRuns: string[] = [];
    const finished: string[] = [];
    const first = createAnalyzer({ store: gate.store, source: firstSource, logger, intervalMs: 0, concurrency: 2, analyze: runs(firstRuns), onOutcome: (o) => finished.push(o.pic) });
    await first.start();
    await gate.reached;
    await expect.poll(() => finished, { timeout: 20_000 }).toEqual([SURVIVOR]);
    await firstSource.stop(); // the dead process hears nothing more; its held write never happens
    expect((await readStarIndexShard(fs, shardOf(VICTIM))).rows.get(VICTIM)?.status).toBe("pending");
    expect(await readStoredAnalysis(fs, VICTIM)).toBeUndefined();

    // Second analyzer on the same bucket.
    const secondRuns: string[] = [];
    const second = createAnalyzer({ store: fs, source: localEventSource({ store: fs, logger, scanIntervalMs: 20 }), logger, intervalMs: 0, concurrency: 2, analyze: runs(secondRuns) });
    await second.start();
    await expect.poll(async () => (await readStarIndexShard(fs, shardOf(VICTIM))).rows.get(VICTIM)?.status, { timeout: 20_000 }).toBe("analysed");
    await second.idle();
    await second.stop();

    expect(firstRuns.sort()).toEqual([SURVIVOR, VICTIM].sort());
    expect(secondRuns).toEqual([VICTIM]);
    const generation = (await fs.stat(masterLightCurveName(VICTIM))).generation;
    expect((await readStoredAnalysis(fs, VICTIM))?.document?.mlcGeneration).toBe(generation);
    for (const name of [plotName(VICTIM, generation, "lightcurve", "png"), plotName(VICTIM, generation, "folded", "svg")]) expect((await fs.stat(name)).size).toBeGreaterThan(1000);
  }, 60_000);
});
