/**
 * False-alarm probability of a BLS peak, calibrated on the star's own data: the probability that
 * the search, run on this star's light curve with no transit in it, peaks at least as high.
 *
 * Null light curves come from the data themselves: the candidate's in-transit points are drawn
 * afresh from the other points' residuals (a real planet must not calibrate its own test, and
 * leaving them out would drop the very outliers a false alarm is made of: on a sparse series the
 * null then peaks far lower than noise does), and each observing block (points closer than
 * `BLOCK_GAP_DAYS`) is moved by a random whole number of days within the baseline. Whole days keep
 * every block at its time of night, so the window function, the noise and its red part stay as
 * they were, while any periodic signal loses its phase (Jenkins, Caldwell & Borucki 2002, ApJ 564,
 * 495, calibrate Kepler's threshold on the search's own null statistics in the same spirit).
 *
 * The statistic is the periodogram's highest Δχ² over the same trial periods. Maxima of many
 * nearly independent trials follow an extreme-value law; a Gumbel fitted by moments to a handful
 * of null maxima (Gumbel 1958, Statistics of Extremes; used for BLS by Hippke & Heller 2019,
 * A&A 623, A39, §2.3) extrapolates to small probabilities that counting trials could not reach.
 * Trials run in batches until the answer is far from the threshold either way, or the cap.
 */
import { randomStream } from "../simulator/random.js";
import { blsPeakPower, type BlsOptions } from "./bls.js";
import { inTransitMask, type BoxEphemeris, type Series } from "./transitStatistics.js";

/** The candidate flag's threshold: at most this probability of a false alarm (0.1 %). */
export const CANDIDATE_MAX_FALSE_ALARM_PROBABILITY = 1e-3;
/** Gaps longer than this separate observing blocks, days (a night's visits of one field stay whole). */
export const BLOCK_GAP_DAYS = 0.25;

export interface FalseAlarmOptions {
  /** Null trials per batch. @default 6 */
  batch?: number;
  /** Most null trials in all. @default 18 */
  maxTrials?: number;
  /** Stop once the probability is this factor beyond the threshold either way. @default 100 */
  decisiveFactor?: number;
  /** Seed of the block shifts: same data and seed, same probability. @default "piaa" */
  seed?: string;
  /** In-transit mask width in candidate durations. @default 1.5 */
  maskWidening?: number;
}

export interface FalseAlarm {
  /** Probability that the star's data without a transit peak as high. */
  probability: number;
  /** The search's highest Δχ², the statistic compared. */
  peakPower: number;
  trials: number;
  /** The Gumbel law fitted to the null trials' highest Δχ². */
  gumbel: { location: number; scale: number };
}

/** Euler–Mascheroni constant: the Gumbel mean is location + γ·scale. */
const EULER_GAMMA = 0.5772156649015329;

/** Location and scale of a Gumbel law with the sample's mean and standard deviation. */
export function fitGumbel(maxima: readonly number[]): { location: number; scale: number } {
  const n = maxima.length;
  const mean = maxima.reduce((a, b) => a + b, 0) / n;
  const variance = maxima.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1);
  const scale = Math.max((Math.sqrt(variance) * Math.sqrt(6)) / Math.PI, Number.MIN_VALUE);
  return { location: mean - EULER_GAMMA * scale, scale };
}

/** P(X ≥ x) under a Gumbel law, accurate down to tiny probabilities. */
export function gumbelSurvival(x: number, gumbel: { location: number; scale: number }): number {
  return -Math.expm1(-Math.exp(-(x - gumbel.location) / gumbel.scale));
}

/** The observing blocks of a time-sorted series: index ranges split at gaps > `BLOCK_GAP_DAYS`. */
export function observingBlocks(time: Float64Array): { start: number; end: number }[] {
  const blocks: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 1; i <= time.length; i++) {
    if (i === time.length || time[i]! - time[i - 1]! > BLOCK_GAP_DAYS) {
      if (i > start) blocks.push({ start, end: i });
      start = i;
    }
  }
  return blocks;
}

/** The whole-day shifts that keep a block inside the series' time span, as [low, high]. */
function shiftRange(time: Float64Array, { start, end }: { start: number; end: number }): [number, number] {
  const low = Math.ceil(time[0]! - time[start]!);
  const high = Math.floor(time[time.length - 1]! - time[end - 1]!);
  return [Math.min(low, 0), Math.max(high, 0)];
}

/** One null light curve: every block moved by whole days inside the baseline, then re-sorted. */
export function shiftedBlocks(series: Series, blocks: readonly { start: number; end: number }[], next: (low: number, high: number) => number): Series {
  const n = series.time.length;
  const time = new Float64Array(n);
  for (const block of blocks) {
    const days = next(...shiftRange(series.time, block));
    for (let i = block.start; i < block.end; i++) time[i] = series.time[i]! + days;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[a]! - time[b]!);
  return {
    time: Float64Array.from(order, (i) => time[i]!),
    flux: Float64Array.from(order, (i) => series.flux[i]!),
    sigma: Float64Array.from(order, (i) => series.sigma[i]!),
  };
}

/**
 * The series with the points where `replace[i] === 1` drawn afresh from the others' standardised
 * residuals (scaled by each point's own σ): under the null hypothesis they are noise like the rest.
 */
export function redrawnPoints(series: Series, replace: Uint8Array, next: (count: number) => number): Series {
  let weight = 0;
  let sum = 0;
  series.flux.forEach((f, i) => {
    if (replace[i]) return;
    weight += series.sigma[i]! ** -2;
    sum += f * series.sigma[i]! ** -2;
  });
  const level = sum / weight;
  const pool = Float64Array.from(
    series.flux.filter((_, i) => !replace[i]),
    (f, k) => (f - level) / series.sigma.filter((_, i) => !replace[i])[k]!,
  );
  const flux = series.flux.map((f, i) => (replace[i] ? level + pool[next(pool.length)]! * series.sigma[i]! : f));
  return { ...series, flux };
}

/** Fewest different arrangements of the blocks for a null distribution worth the name. */
const MIN_ARRANGEMENTS = 20;

/**
 * The false-alarm probability of the search's peak `peakPower` over `periods` on `series`, for
 * the candidate `ephemeris` (see the module comment); undefined when the data cannot be shifted
 * into enough different null light curves (a night or two).
 */
export function falseAlarmProbability(
  series: Series,
  periods: Float64Array,
  peakPower: number,
  ephemeris: BoxEphemeris,
  bls: BlsOptions = {},
  options: FalseAlarmOptions = {},
): FalseAlarm | undefined {
  const inTransit = inTransitMask(series.time, ephemeris, options.maskWidening ?? 1.5);
  const blocks = observingBlocks(series.time);
  const arrangements = blocks.reduce((product, block) => {
    const [low, high] = shiftRange(series.time, block);
    return product * (high - low + 1);
  }, 1);
  if (arrangements < MIN_ARRANGEMENTS) return undefined;
  const random = randomStream(options.seed ?? "piaa", "false-alarm");
  const nullSeries = () => shiftedBlocks(redrawnPoints(series, inTransit, (count) => random.integer(0, count - 1)), blocks, (low, high) => random.integer(low, high));
  const batch = options.batch ?? 6;
  const maxTrials = Math.max(2, options.maxTrials ?? 18);
  const decisive = options.decisiveFactor ?? 100;
  const maxima: number[] = [];
  let gumbel = { location: 0, scale: 1 };
  let probability = 1;
  while (maxima.length < maxTrials) {
    for (let k = 0; k < batch && maxima.length < maxTrials; k++) {
      maxima.push(blsPeakPower(nullSeries(), periods, bls));
    }
    gumbel = fitGumbel(maxima);
    probability = gumbelSurvival(peakPower, gumbel);
    const threshold = CANDIDATE_MAX_FALSE_ALARM_PROBABILITY;
    if (probability < threshold / decisive || probability > threshold * decisive) break;
  }
  return { probability, peakPower, trials: maxima.length, gumbel };
}
