/**
 * Box Least Squares transit search (Kovács, Zucker & Mazeh 2002, A&A 391, 369), in its binned
 * form: for each trial period the points are folded into phase bins of a fraction of the shortest
 * trial duration, and every box of whole bins is scored by the χ² improvement of a box dip over a
 * constant, Δχ² = S²·(1/W_in + 1/W_out), with S the weighted sum of mean-subtracted flux in the box.
 *
 * The period grid is geometric in frequency with ratio 1 + D_min/(oversample·T): a period step
 * then shifts the last transit of a T-day baseline by at most D_min/oversample, which keeps the
 * grid fine enough for any baseline with O(T/D) trials. A box must hold points of at least two
 * transit events: a single event fits every period, and counting it would raise the whole
 * periodogram and hide a planet seen a few times behind its own strongest transit. The best
 * period is refined on a finer grid; its Signal Detection Efficiency is
 * SDE = (peak − mean)/std of the periodogram (see `signalDetectionEfficiency`).
 */
import { periodGrid, signalDetectionEfficiency } from "./blsPeriodogram.js";
import { resolveAliases, type PeriodAlias } from "./periodAliases.js";
import { fitBox, medianSpacing, shortestConsistentPeriod, type BoxEphemeris, type BoxFit, type Series } from "./transitStatistics.js";

export interface BlsOptions {
  /** @default 0.5 */
  minPeriodDays?: number;
  /**
   * @default half the baseline (at least two transits), at most 20 d: PANOPTES looks for hot
   * Jupiters, and long trial periods cost the most phase bins for the fewest transits.
   */
  maxPeriodDays?: number;
  /** Trial durations. @default 1 to 4 hours */
  durationsDays?: readonly number[];
  /** Largest duration as a fraction of the period. @default 0.2 */
  maxDutyCycle?: number;
  /** Period grid oversampling (see the module comment); the refinement recovers the rest. @default 2 */
  oversample?: number;
  /** Phase bins per shortest duration. @default 4 */
  binsPerDuration?: number;
  /** Fewest points a box must hold to count. @default 3 */
  minInTransitPoints?: number;
  /** Upper bound on trial periods. @default 400000 */
  maxPeriods?: number;
}

export interface TransitCandidate extends BoxEphemeris, BoxFit {
  /** depth / depthSigma, the sigmas scaled up when the scatter exceeds them. */
  snr: number;
  sde: number;
  /** Period of the periodogram's peak (refined), of which `periodDays` may be a multiple or fraction. */
  peakPeriodDays?: number;
  /** Other periods the data fit as well as `periodDays` (periodAliases.ts). */
  aliases?: PeriodAlias[];
}

export interface BlsResult {
  candidate?: TransitCandidate;
  periodDays: Float64Array;
  /** Best Δχ² over durations and phases at each trial period. */
  power: Float64Array;
}

export const DEFAULT_MAX_PERIOD_DAYS = 20;
export const DEFAULT_DURATIONS_DAYS = [1, 1.5, 2, 2.5, 3, 4].map((h) => h / 24);

interface PhaseBins {
  weight: Float64Array;
  residual: Float64Array;
  count: Uint32Array;
  /** Smallest and largest cycle number (transit epoch) among the bin's points. */
  firstCycle: Int32Array;
  lastCycle: Int32Array;
}

function phaseBins(size: number): PhaseBins {
  return { weight: new Float64Array(size), residual: new Float64Array(size), count: new Uint32Array(size), firstCycle: new Int32Array(size), lastCycle: new Int32Array(size) };
}

interface Prepared {
  /** Phase-bin sums, grown as needed and reused across trial periods. */
  bins: PhaseBins;
  time: Float64Array;
  /** Time since the first point, days. */
  elapsed: Float64Array;
  weight: Float64Array;
  weightedResidual: Float64Array;
  totalWeight: number;
  origin: number;
}

interface Peak {
  power: number;
  epoch: number;
  durationDays: number;
}

interface GridSearch {
  prepared: Prepared;
  periods: Float64Array;
  power: Float64Array;
  durations: number[];
  binsPerDuration: number;
  settings: { maxDutyCycle: number; minPoints: number };
  bestIndex: number;
  best?: Peak;
}

/** Trial durations the search uses on `series`: those not shorter than its sampling. */
function searchedDurations(series: Series, options: BlsOptions): number[] {
  // A box narrower than the sampling can slip between the points wherever it is not wanted,
  // which makes every sub-multiple of the period fit as well: no trial duration below it.
  const cadence = medianSpacing(series.time);
  const trials = [...(options.durationsDays ?? DEFAULT_DURATIONS_DAYS)].sort((a, b) => a - b);
  return trials.some((d) => d >= cadence) ? trials.filter((d) => d >= cadence) : [cadence];
}

/** The searched period range; empty (max ≤ min) when the series is too short. */
function searchedPeriods(series: Series, options: BlsOptions): { minPeriod: number; maxPeriod: number; baseline: number } {
  const baseline = series.time.length > 0 ? series.time[series.time.length - 1]! - series.time[0]! : 0;
  const minPeriod = options.minPeriodDays ?? 0.5;
  return { minPeriod, maxPeriod: options.maxPeriodDays ?? Math.min(baseline / 2, DEFAULT_MAX_PERIOD_DAYS), baseline };
}

/** The best box at every trial period of `periods`. */
function scanGrid(series: Series, periods: Float64Array, options: BlsOptions): GridSearch {
  const durations = searchedDurations(series, options);
  const binsPerDuration = options.binsPerDuration ?? 4;
  const settings = { maxDutyCycle: options.maxDutyCycle ?? 0.2, minPoints: options.minInTransitPoints ?? 3 };
  const prepared = prepare(series);
  const power = new Float64Array(periods.length);
  const search: GridSearch = { prepared, periods, power, durations, binsPerDuration, settings, bestIndex: -1 };
  if (!(prepared.totalWeight > 0)) return search;
  for (let p = 0; p < periods.length; p++) {
    const peak = scanPeriod(prepared, periods[p]!, durations, durations[0]! / binsPerDuration, settings);
    power[p] = peak?.power ?? 0;
    if (peak && (!search.best || peak.power > search.best.power)) [search.best, search.bestIndex] = [peak, p];
  }
  return search;
}

/** Runs the search; `candidate` is absent when the series is too short or flat. */
export function boxLeastSquares(series: Series, options: BlsOptions = {}): BlsResult {
  const { minPeriod, maxPeriod, baseline } = searchedPeriods(series, options);
  const minDuration = searchedDurations(series, options)[0]!;
  if (!(maxPeriod > minPeriod)) return { periodDays: new Float64Array(0), power: new Float64Array(0) };
  const periods = periodGrid(minPeriod, maxPeriod, baseline, minDuration, options.oversample ?? 2, options.maxPeriods ?? 400_000);
  const { prepared, power, durations, binsPerDuration, settings, bestIndex, best } = scanGrid(series, periods, options);
  if (!best) return { periodDays: periods, power };

  const sde = signalDetectionEfficiency(power, bestIndex);
  const range = { minDurationDays: minDuration, maxDurationDays: durations[durations.length - 1]! };
  const refined = refine(prepared, periods, bestIndex, best, binsPerDuration * 4, { ...settings, ...range });
  // Halving or thirding once can leave a multiple (a peak at 4P goes to 2P): repeat while it helps.
  let ephemeris = refined;
  for (let pass = 0; pass < 3; pass++) {
    const shorter = shortestConsistentPeriod(series, ephemeris, minPeriod);
    if (shorter.periodDays === ephemeris.periodDays) break;
    ephemeris = shorter;
  }
  const { chosen, aliases } = resolveAliases(series, ephemeris, settings.minPoints);
  const fit = fitBox(series, chosen);
  const snr = fit.depth / (fit.depthSigma * Math.sqrt(Math.max(1, reducedChiSquare(prepared))));
  const epoch = chosen.epoch - chosen.periodDays * Math.floor((chosen.epoch - series.time[0]!) / chosen.periodDays);
  return { periodDays: periods, power, candidate: { ...chosen, epoch, ...fit, snr, sde, peakPeriodDays: refined.periodDays, aliases } };
}

/**
 * The highest Δχ² of the search of `series` over the given trial periods, with the same boxes as
 * `boxLeastSquares` but no refinement: the statistic the false-alarm trials compare.
 */
export function blsPeakPower(series: Series, periods: Float64Array, options: BlsOptions = {}): number {
  return scanGrid(series, periods, options).best?.power ?? 0;
}

function prepare(series: Series): Prepared {
  const n = series.time.length;
  const weight = Float64Array.from(series.sigma, (s) => 1 / (s * s));
  let totalWeight = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    totalWeight += weight[i]!;
    sum += weight[i]! * series.flux[i]!;
  }
  const level = sum / totalWeight;
  const weightedResidual = Float64Array.from(series.flux, (f, i) => weight[i]! * (f - level));
  const origin = n > 0 ? series.time[0]! : 0;
  return { bins: phaseBins(0), time: series.time, elapsed: series.time.map((t) => t - origin), weight, weightedResidual, totalWeight, origin };
}

function reducedChiSquare(prepared: Prepared): number {
  let chi2 = 0;
  for (let i = 0; i < prepared.time.length; i++) chi2 += (prepared.weightedResidual[i]! ** 2) / prepared.weight[i]!;
  return chi2 / Math.max(1, prepared.time.length - 1);
}

/** The best dip box at one period, or undefined when no box holds enough points. */
function scanPeriod(prepared: Prepared, period: number, durations: readonly number[], binWidth: number, settings: { maxDutyCycle: number; minPoints: number }): Peak | undefined {
  const bins = Math.max(2, Math.ceil(period / binWidth));
  const width = period / bins;
  if (prepared.bins.weight.length < bins) prepared.bins = phaseBins(bins);
  const { weight: w, residual: r, count: c, firstCycle, lastCycle } = prepared.bins;
  w.fill(0, 0, bins);
  r.fill(0, 0, bins);
  c.fill(0, 0, bins);
  firstCycle.fill(0x7fffffff, 0, bins);
  lastCycle.fill(-0x80000000, 0, bins);
  const { elapsed, weight, weightedResidual, totalWeight, origin } = prepared;
  const frequency = 1 / period;
  for (let i = 0; i < elapsed.length; i++) {
    const cycles = elapsed[i]! * frequency;
    const cycle = Math.floor(cycles);
    const b = Math.min(bins - 1, Math.floor((cycles - cycle) * bins));
    w[b]! += weight[i]!;
    r[b]! += weightedResidual[i]!;
    c[b]! += 1;
    if (cycle < firstCycle[b]!) firstCycle[b] = cycle;
    if (cycle > lastCycle[b]!) lastCycle[b] = cycle;
  }
  // A box whose points all come from one transit event fits any period; it must not count.
  const spansTwoTransits = (start: number, m: number): boolean => {
    let low = 0x7fffffff;
    let high = -0x80000000;
    for (let k = start; k < start + m; k++) {
      const b = k % bins;
      if (c[b] === 0) continue;
      const wrap = k >= bins ? -1 : 0; // past phase 1 the same event has the next cycle number
      low = Math.min(low, firstCycle[b]! + wrap);
      high = Math.max(high, lastCycle[b]! + wrap);
    }
    return high > low;
  };
  let best: Peak | undefined;
  for (const duration of durations) {
    if (duration > settings.maxDutyCycle * period) break;
    const m = Math.max(1, Math.round(duration / width));
    if (m >= bins) break;
    let sw = 0;
    let sr = 0;
    let sc = 0;
    for (let k = 0; k < m; k++) [sw, sr, sc] = [sw + w[k]!, sr + r[k]!, sc + c[k]!];
    for (let start = 0; start < bins; start++) {
      if (sr < 0 && sc >= settings.minPoints && sw < totalWeight) {
        const power = sr * sr * (1 / sw + 1 / (totalWeight - sw));
        if ((!best || power > best.power) && spansTwoTransits(start, m)) {
          best = { power, epoch: origin + (start + m / 2) * width, durationDays: m * width };
        }
      }
      const leaving = start;
      const entering = (start + m) % bins;
      sw += w[entering]! - w[leaving]!;
      sr += r[entering]! - r[leaving]!;
      sc += c[entering]! - c[leaving]!;
    }
  }
  return best;
}

/**
 * Re-scans a few grid steps around the peak with finer periods, phase bins and durations. The
 * finer durations stay inside the searched range: a duration the search did not try is not a
 * result, and a box wider than the transit only dilutes it.
 */
function refine(
  prepared: Prepared,
  periods: Float64Array,
  index: number,
  peak: Peak,
  binsPerDuration: number,
  settings: { maxDutyCycle: number; minPoints: number; minDurationDays: number; maxDurationDays: number },
): BoxEphemeris {
  const low = periods[Math.max(0, index - 1)]!;
  const high = periods[Math.min(periods.length - 1, index + 1)]!;
  const within = (d: number) => Math.min(settings.maxDurationDays, Math.max(settings.minDurationDays, d));
  const durations = [...new Set(Array.from({ length: 9 }, (_, k) => within(peak.durationDays * (0.6 + 0.1 * k))))];
  const binWidth = durations[0]! / binsPerDuration;
  let best = { periodDays: periods[index]!, epoch: peak.epoch, durationDays: peak.durationDays, power: peak.power };
  const steps = 40;
  for (let k = 0; k <= steps; k++) {
    const period = low + ((high - low) * k) / steps;
    const found = scanPeriod(prepared, period, durations, binWidth, settings);
    if (found && found.power > best.power) best = { periodDays: period, ...found };
  }
  // A box is a whole number of bins: round its width back into the range.
  return { periodDays: best.periodDays, epoch: best.epoch, durationDays: within(best.durationDays) };
}
