/**
 * Robust outlier rejection. The scale is the MAD-based sigma, 1.4826·MAD, which equals the
 * standard deviation for Gaussian noise (Rousseeuw & Croux 1993, JASA 88, 1273). Only upper
 * outliers are clipped by default: a transit is a run of low points and must survive.
 */

/** 1/Φ⁻¹(3/4): makes the MAD a consistent estimator of a Gaussian's sigma. */
export const MAD_TO_SIGMA = 1.4826;

export interface SigmaClipOptions {
  /** Threshold in robust sigmas. @default 5 */
  sigma?: number;
  /** Also clip points below the median. @default false */
  lower?: boolean;
  /** Clip points above the median. @default true */
  upper?: boolean;
  /** Passes of re-estimating median and sigma on the kept points. @default 5 */
  iterations?: number;
}

export interface RobustScale {
  median: number;
  sigma: number;
}

/**
 * The median, by sorting a typed-array copy: mathjs's quickselect turns quadratic on many equal
 * values (a cadence column holds 100,000 identical steps), a sort stays O(n log n).
 */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median and MAD-based sigma of the values with `keep[i] !== 0` (all when `keep` is absent). */
export function robustScale(values: ArrayLike<number>, keep?: ArrayLike<number>): RobustScale {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) if (!keep || keep[i]) kept.push(values[i]!);
  if (kept.length === 0) return { median: Number.NaN, sigma: Number.NaN };
  const center = median(kept);
  return { median: center, sigma: MAD_TO_SIGMA * median(kept.map((v) => Math.abs(v - center))) };
}

/**
 * Returns a keep-mask (1 = kept) after iterative clipping. Points already dropped in
 * `initialKeep` stay dropped. Stops early when a pass removes nothing.
 */
export function sigmaClip(values: ArrayLike<number>, options: SigmaClipOptions = {}, initialKeep?: ArrayLike<number>): Uint8Array {
  const { sigma = 5, lower = false, upper = true, iterations = 5 } = options;
  const keep = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) keep[i] = (!initialKeep || initialKeep[i]) && Number.isFinite(values[i]) ? 1 : 0;
  for (let pass = 0; pass < iterations; pass++) {
    const scale = robustScale(values, keep);
    if (!(scale.sigma > 0)) break;
    const high = scale.median + sigma * scale.sigma;
    const low = scale.median - sigma * scale.sigma;
    let removed = 0;
    for (let i = 0; i < values.length; i++) {
      if (!keep[i]) continue;
      const v = values[i]!;
      if ((upper && v > high) || (lower && v < low)) {
        keep[i] = 0;
        removed++;
      }
    }
    if (removed === 0) break;
  }
  return keep;
}
