/**
 * The analysis of a long-observed star: an MLC of ~100,000 points (one unit, two cameras, 8-h
 * nights of 100-s exposures over 174 nights, a 2.4 %-deep transit every 2.71 d) through the whole
 * pipeline (analyzeLightCurve: BJD times, two passes of normalisation, clipping, detrending, CDPP
 * and BLS) and the two plots, against one pass of sorting its times (the baseline); and what
 * the candidate's tests add: the limb-darkened fit, and the false-alarm calibration (null trials
 * of the BLS search, in batches of 6 up to 18 until the answer is clear).
 */
import { analyzeLightCurve } from "../runtime/analysis/analyzeMasterLightCurve.js";
import { renderPlot } from "../runtime/analysis/plots.js";
import { PLOT_KINDS } from "../runtime/core/objectNames.js";
import { syntheticMasterLightCurve } from "../test/runtime/dashboard/syntheticStars.js";

const NIGHTS = 174;
const EXPOSURES_PER_NIGHT = 288;
const PERIOD_DAYS = 2.71;

/** CPU time (user + system) of one call, ms: the 2-core machine is shared, waiting is not cost. */
async function cpuMs(fn: () => unknown): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;

export async function run(): Promise<void> {
  const mlc = syntheticMasterLightCurve({
    pic: "PIC_J2000437+224239",
    nights: NIGHTS,
    exposures: EXPOSURES_PER_NIGHT,
    seed: 42,
    transit: { periodDays: PERIOD_DAYS, firstMidUnixS: Date.UTC(2026, 7, 1, 5) / 1000, durationS: 6600, depth: 0.024 },
  });
  const n = mlc.points.time.length;
  const sortTimes = () => Float64Array.from(mlc.points.time).reverse().sort();
  const baseline = median(await Promise.all(Array.from({ length: 7 }, () => cpuMs(sortTimes))));
  let result: ReturnType<typeof analyzeLightCurve> | undefined;
  const plain = await cpuMs(() => analyzeLightCurve(mlc, { falseAlarm: false, fit: false }));
  const fitted = await cpuMs(() => analyzeLightCurve(mlc, { falseAlarm: false }));
  const analysis = median([await cpuMs(() => (result = analyzeLightCurve(mlc))), await cpuMs(() => analyzeLightCurve(mlc))]);
  const plots: number[] = [];
  for (const kind of PLOT_KINDS) plots.push(await cpuMs(() => renderPlot(kind, mlc.pic, result!)));
  const c = result!.candidate;
  console.log(`MLC: ${n} points, ${mlc.segments.length} segments, ${NIGHTS} nights; found P = ${c?.periodDays.toFixed(5)} d (true ${PERIOD_DAYS}), SDE ${c?.sde.toFixed(1)}`);
  console.log(`baseline: sort the ${n} times once   ${baseline.toFixed(1)} ms`);
  console.log(`analyzeLightCurve, plain (no FAP, no fit) ${plain.toFixed(0)} ms   ×${(plain / baseline).toFixed(0)} baseline`);
  console.log(`  + limb-darkened fit                    ${fitted.toFixed(0)} ms   ×${(fitted / plain).toFixed(2)} plain`);
  const trials = result!.falseAlarm?.trials ?? 0;
  const perTrial = (analysis - fitted) / Math.max(1, trials);
  console.log(`  + fit + FAP (${trials} null trials)           ${analysis.toFixed(0)} ms   ×${(analysis / plain).toFixed(2)} plain; FAP ${result!.falseAlarm?.probability.toExponential(1)}`);
  console.log(`  one null trial ${perTrial.toFixed(0)} ms; a borderline star (18 trials) ≈ ${(fitted + 18 * perTrial).toFixed(0)} ms   ×${((fitted + 18 * perTrial) / plain).toFixed(2)} plain`);
  PLOT_KINDS.forEach((kind, i) => console.log(`render ${kind.padEnd(10)} (SVG + PNG)        ${plots[i]!.toFixed(0)} ms   ×${(plots[i]! / baseline).toFixed(0)} baseline`));
}
