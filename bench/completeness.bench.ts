/**
 * Injection and recovery (runtime/analysis/completeness.ts), two parts:
 * 1. Cost: completeness trials per second on the ~100,000-point MLC of analysis.bench.ts (174
 *    nights, a 2.4 %-deep transit every 2.71 d, masked before injecting), against one plain
 *    analysis of the same MLC in the same run, and what a map of a few hundred trials costs.
 * 2. The issue 19 goals on the simulator's HD 189733 (2 units × 30 nights): suppression per
 *    transit duration, the transfer function, and completeness at HD 189733 b's period, depth
 *    and geometry (Agol et al. 2010, as in runtime/core/catalog.ts).
 * BENCH_COMPLETENESS_TRIALS sets part 2's trials (default 20); BENCH_DETREND_SPAN_DAYS runs
 * part 2 alone with another detrend span per order (0.15: the detrending before issue 19).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readStarLightCurve } from "../runtime/analysis/analysisStore.js";
import { analyzeLightCurve } from "../runtime/analysis/analyzeMasterLightCurve.js";
import { measureCompleteness, measureSuppression, measureTransfer } from "../runtime/analysis/completeness.js";
import { injectionContext } from "../runtime/analysis/injectionRecovery.js";
import { rebuildMasterLightCurve } from "../runtime/combiner/rebuildMasterLightCurve.js";
import { findStars } from "../runtime/core/catalog.js";
import { FsObjectStore } from "../runtime/core/store/fsObjectStore.js";
import { randomStream } from "../runtime/simulator/random.js";
import { simulate } from "../runtime/simulator/simulate.js";
import { syntheticMasterLightCurve } from "../test/runtime/dashboard/syntheticStars.js";

const COST_TRIALS = 3;
const MAP_TRIALS = 300;

/** CPU time (user + system) of one call, ms: the 2-core machine is shared, waiting is not cost. */
function cpuMs<T>(fn: () => T): { ms: number; value: T } {
  const before = process.cpuUsage();
  const value = fn();
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, value };
}

function cost(): void {
  const mlc = syntheticMasterLightCurve({
    pic: "PIC_J2000437+224239",
    nights: 174,
    exposures: 288,
    seed: 42,
    transit: { periodDays: 2.71, firstMidUnixS: Date.UTC(2026, 7, 1, 5) / 1000, durationS: 6600, depth: 0.024 },
  });
  const plain = cpuMs(() => analyzeLightCurve(mlc));
  const map = cpuMs(() => measureCompleteness(mlc, "1", { trials: COST_TRIALS, periodsDays: [3], radiusRatios: [0.05], mapOnly: true }));
  // The map's set-up is two plain analyses (the star's own, then without its candidate's transits).
  const perTrialMs = Math.max(0, map.ms - 2 * plain.ms) / COST_TRIALS;
  const fullRunMs = 2 * plain.ms + perTrialMs * (MAP_TRIALS + 4 * 3 + 11 * 4);
  console.log(`MLC: ${mlc.points.time.length} points, 174 nights`);
  console.log(`one plain analysis (analyzeLightCurve)        ${(plain.ms / 1000).toFixed(1)} s CPU`);
  console.log(`completeness, ${COST_TRIALS} trials + set-up             ${(map.ms / 1000).toFixed(1)} s CPU: ${(1000 / perTrialMs).toFixed(3)} trials/s, one trial = ×${(perTrialMs / plain.ms).toFixed(2)} plain analysis`);
  console.log(`piaa completeness --trials ${MAP_TRIALS} (+ 12 suppression, 44 transfer injections): ≈ ${(fullRunMs / 60_000).toFixed(0)} min CPU = ×${(fullRunMs / plain.ms).toFixed(0)} plain analysis`);
}

async function goals(): Promise<void> {
  const trials = Number(process.env.BENCH_COMPLETENESS_TRIALS ?? 20);
  const span = process.env.BENCH_DETREND_SPAN_DAYS;
  const analysis = span ? { detrend: { spanPerOrderDays: Number(span) } } : {};
  const root = await mkdtemp(path.join(tmpdir(), "piaa-bench-completeness-"));
  try {
    const store = new FsObjectStore({ root });
    const star = findStars(["hd189733"]).stars[0]!;
    await simulate({ units: 2, nights: 30, stars: [star.id], seed: "completeness" }, store);
    await rebuildMasterLightCurve(store, star.pic);
    const { mlc } = await readStarLightCurve(store, star.pic);
    const planet = star.planet!;
    console.log(`\nHD 189733, simulated 2 units × 30 nights: ${mlc.points.time.length} points${span ? `, detrend span per order ${span} d` : ""}`);
    const context = injectionContext(mlc, analysis);
    const random = randomStream("bench", "completeness");
    const suppression = measureSuppression(context, random, { epochs: 1 });
    console.log(`suppression (goal ≤ 5 %): ${suppression.map((s) => `${s.durationHours} h ${((s.suppression ?? Number.NaN) * 100).toFixed(1)} %`).join(", ")}`);
    const transfer = measureTransfer(context, random, { periodsHours: [0.5, 1, 2, 4, 8, 24, 72], phases: 2 });
    console.log(`transfer function (goal ≥ 0.95 to 4 h): ${transfer.map((t) => `${t.periodHours} h ${t.ratio?.toFixed(3)} [min ${t.min?.toFixed(3)}]`).join(", ")}`);
    const geometry = () => ({ semiMajorAxisStellarRadii: planet.semiMajorAxisStellarRadii, inclinationDeg: planet.inclinationDeg });
    const timed = cpuMs(() => measureCompleteness(mlc, "1", { trials, periodsDays: [planet.periodDays], radiusRatios: [planet.radiusRatio], geometry, mapOnly: true, analysis }));
    const cell = timed.value.cells[0]!;
    console.log(`completeness at P = ${planet.periodDays} d, Rp/R* = ${planet.radiusRatio} (goal ≥ 95 %): ${cell.recovered}/${cell.trials} = ${((100 * cell.recovered) / cell.trials).toFixed(0)} %, ${(timed.ms / 1000).toFixed(0)} s CPU`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  if (!process.env.BENCH_DETREND_SPAN_DAYS) cost();
  await goals();
}
