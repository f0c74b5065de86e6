/**
 * What a box-shaped transit ephemeris (period, epoch, duration) says about a series: its depth
 * with 1-sigma error from inverse-variance weighted means in and out of transit, and whether a
 * shorter period P/k is contradicted by the data at the extra epochs it predicts.
 */
import { weightedMean } from "./binning.js";
import { median } from "./sigmaClip.js";

export interface Series {
  /** Times in days (BJD in the pipeline). */
  time: Float64Array;
  /** Relative flux, near 1 out of transit. */
  flux: Float64Array;
  sigma: Float64Array;
}

export interface BoxEphemeris {
  periodDays: number;
  /** A mid-transit time, same time scale as the series. */
  epoch: number;
  durationDays: number;
}

export interface BoxFit {
  /** Out-of-transit mean minus in-transit mean. */
  depth: number;
  depthSigma: number;
  inTransitPoints: number;
  /** Distinct transit epochs with at least one point in transit. */
  transitsObserved: number;
}

/** Phase of t relative to mid-transit, in days, within [-P/2, P/2). */
export function phaseOffsetDays(t: number, periodDays: number, epoch: number): number {
  const cycles = (t - epoch) / periodDays + 0.5;
  return (cycles - Math.floor(cycles) - 0.5) * periodDays;
}

export function isInTransit(t: number, ephemeris: BoxEphemeris): boolean {
  return Math.abs(phaseOffsetDays(t, ephemeris.periodDays, ephemeris.epoch)) < ephemeris.durationDays / 2;
}

/** A 0/1 mask of the points in transit, optionally widened by `widen` × duration. */
export function inTransitMask(time: ArrayLike<number>, ephemeris: BoxEphemeris, widen = 1): Uint8Array {
  const wider = { ...ephemeris, durationDays: ephemeris.durationDays * widen };
  return Uint8Array.from({ length: time.length }, (_, i) => (isInTransit(time[i]!, wider) ? 1 : 0));
}

/** Depth and its error for the box ephemeris; points with `select[i] === 0` are ignored. */
export function fitBox(series: Series, ephemeris: BoxEphemeris, select?: ArrayLike<number>): BoxFit {
  const inside: { flux: number[]; sigma: number[] } = { flux: [], sigma: [] };
  const outside: { flux: number[]; sigma: number[] } = { flux: [], sigma: [] };
  const epochs = new Set<number>();
  for (let i = 0; i < series.time.length; i++) {
    if (select && !select[i]) continue;
    const t = series.time[i]!;
    const side = isInTransit(t, ephemeris) ? inside : outside;
    side.flux.push(series.flux[i]!);
    side.sigma.push(series.sigma[i]!);
    if (side === inside) epochs.add(Math.round((t - ephemeris.epoch) / ephemeris.periodDays));
  }
  const a = weightedMean(inside.flux, inside.sigma);
  const b = weightedMean(outside.flux, outside.sigma);
  return {
    depth: b.value - a.value,
    depthSigma: Math.hypot(a.sigma, b.sigma),
    inTransitPoints: inside.flux.length,
    transitsObserved: epochs.size,
  };
}

/**
 * The shortest of P/3, P/2, P whose extra transits (in transit at P/k, not at P) the data do not
 * contradict: an extra epoch contradicts when its depth is more than `sigmaLimit` sigma below the
 * depth at P. Epochs without data contradict nothing, so a few transits that all fell on every
 * second or third epoch yield the shortest period consistent with them.
 */
/** The typical interval between consecutive (sorted) times. */
export function medianSpacing(time: Float64Array): number {
  return time.length < 2 ? 0 : median(time.subarray(1).map((t, i) => t - time[i]!));
}

export function shortestConsistentPeriod(series: Series, ephemeris: BoxEphemeris, minPeriodDays: number, sigmaLimit = 3): BoxEphemeris {
  const atP = fitBox(series, ephemeris);
  // A box narrower than the sampling can fall between the points at every extra epoch and so
  // "see" nothing there; probe the extra epochs at least one sampling interval either side.
  const probeDays = Math.max(ephemeris.durationDays, 2 * medianSpacing(series.time));
  for (const k of [3, 2]) {
    const candidate = { ...ephemeris, periodDays: ephemeris.periodDays / k };
    if (candidate.periodDays < minPeriodDays) continue;
    const probe = { ...candidate, durationDays: probeDays };
    // Extra epochs lie a multiple of P/k away from P's own transits: points near P's box edges
    // belong to P's transits, not to an extra epoch.
    const farFromP = (t: number) => Math.abs(phaseOffsetDays(t, ephemeris.periodDays, ephemeris.epoch)) > probeDays;
    const extra = Uint8Array.from(series.time, (t) => (farFromP(t) && isInTransit(t, probe) ? 1 : 0));
    if (!extra.includes(1)) return candidate;
    const outside = Uint8Array.from(series.time, (t) => (isInTransit(t, probe) ? 0 : 1));
    const baseline = weightedMean(
      series.flux.filter((_, i) => outside[i]),
      series.sigma.filter((_, i) => outside[i]),
    );
    const extraMean = weightedMean(
      series.flux.filter((_, i) => extra[i]),
      series.sigma.filter((_, i) => extra[i]),
    );
    const extraDepth = baseline.value - extraMean.value;
    if (atP.depth - extraDepth <= sigmaLimit * Math.hypot(atP.depthSigma, extraMean.sigma, baseline.sigma)) return candidate;
  }
  return ephemeris;
}
