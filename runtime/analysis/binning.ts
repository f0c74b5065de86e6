/**
 * Inverse-variance weighted averaging (Bevington & Robinson, "Data Reduction and Error Analysis",
 * 3rd ed., eq. 4.17–4.19): w = 1/σ², value = Σw·x / Σw, σ = 1/√Σw. Used to bin light curves in
 * time (before the transit search, and for the plotted binned curve) and in phase (folded plot).
 */

export interface WeightedValue {
  value: number;
  sigma: number;
}

/** A binned series: one entry per non-empty bin, in ascending order of position. */
export interface BinnedSeries {
  /** Weighted mean position (time or phase) of the points in each bin. */
  position: Float64Array;
  value: Float64Array;
  sigma: Float64Array;
  /** Number of points in each bin. */
  count: Uint32Array;
}

/** The inverse-variance weighted mean of `values` and its 1-sigma error. */
export function weightedMean(values: ArrayLike<number>, sigmas: ArrayLike<number>): WeightedValue {
  if (values.length !== sigmas.length) throw new RangeError(`${values.length} values but ${sigmas.length} sigmas`);
  let sumW = 0;
  let sumWx = 0;
  for (let i = 0; i < values.length; i++) {
    const w = 1 / (sigmas[i]! * sigmas[i]!);
    sumW += w;
    sumWx += w * values[i]!;
  }
  if (!(sumW > 0)) return { value: Number.NaN, sigma: Number.NaN };
  return { value: sumWx / sumW, sigma: 1 / Math.sqrt(sumW) };
}

/**
 * Bins (position, value, sigma) into bins of `width` starting at the smallest position; points
 * need not be sorted. `keep[i] === 0` leaves point i out. Empty bins are dropped.
 */
export function binWeighted(
  position: ArrayLike<number>,
  value: ArrayLike<number>,
  sigma: ArrayLike<number>,
  width: number,
  keep?: ArrayLike<number>,
): BinnedSeries {
  if (!(width > 0)) throw new RangeError(`bin width must be positive (got ${width})`);
  const n = position.length;
  let origin = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    if (keep && !keep[i]) continue;
    origin = Math.min(origin, position[i]!);
    end = Math.max(end, position[i]!);
  }
  if (origin > end) return { position: new Float64Array(0), value: new Float64Array(0), sigma: new Float64Array(0), count: new Uint32Array(0) };
  const bins = Math.floor((end - origin) / width) + 1;
  const sumW = new Float64Array(bins);
  const sumWx = new Float64Array(bins);
  const sumWp = new Float64Array(bins);
  const count = new Uint32Array(bins);
  for (let i = 0; i < n; i++) {
    if (keep && !keep[i]) continue;
    const b = Math.floor((position[i]! - origin) / width);
    const w = 1 / (sigma[i]! * sigma[i]!);
    sumW[b]! += w;
    sumWx[b]! += w * value[i]!;
    sumWp[b]! += w * position[i]!;
    count[b]! += 1;
  }
  let filled = 0;
  for (let b = 0; b < bins; b++) if (count[b]! > 0) filled++;
  const out = {
    position: new Float64Array(filled),
    value: new Float64Array(filled),
    sigma: new Float64Array(filled),
    count: new Uint32Array(filled),
  };
  let j = 0;
  for (let b = 0; b < bins; b++) {
    if (count[b] === 0) continue;
    out.position[j] = sumWp[b]! / sumW[b]!;
    out.value[j] = sumWx[b]! / sumW[b]!;
    out.sigma[j] = 1 / Math.sqrt(sumW[b]!);
    out.count[j] = count[b]!;
    j++;
  }
  return out;
}

/** A series drawn as bins: per non-empty bin, the median position and median value of its points. */
export interface MedianBins {
  position: Float64Array;
  value: Float64Array;
  /** Number of points in each bin. */
  count: Uint32Array;
}

const median = (sorted: Float64Array): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Bins (position, value) into bins of `width` starting at the smallest kept position, like
 * binWeighted, but takes each bin's medians: for drawing many points as few without letting an
 * outlier drag a bin (the points carry no weight here). Non-finite values are left out.
 */
export function binMedian(position: ArrayLike<number>, value: ArrayLike<number>, width: number, keep?: ArrayLike<number>): MedianBins {
  if (!(width > 0)) throw new RangeError(`bin width must be positive (got ${width})`);
  const kept: number[] = [];
  for (let i = 0; i < position.length; i++) if ((!keep || keep[i]) && Number.isFinite(value[i])) kept.push(i);
  if (kept.length === 0) return { position: new Float64Array(0), value: new Float64Array(0), count: new Uint32Array(0) };
  const origin = kept.reduce((min, i) => Math.min(min, position[i]!), Number.POSITIVE_INFINITY);
  const members = new Map<number, number[]>();
  for (const i of kept) {
    const b = Math.floor((position[i]! - origin) / width);
    const bin = members.get(b);
    if (bin) bin.push(i);
    else members.set(b, [i]);
  }
  const order = [...members.keys()].sort((a, b) => a - b);
  const out = { position: new Float64Array(order.length), value: new Float64Array(order.length), count: new Uint32Array(order.length) };
  order.forEach((b, j) => {
    const indices = members.get(b)!;
    out.position[j] = median(Float64Array.from(indices, (i) => position[i]!).sort());
    out.value[j] = median(Float64Array.from(indices, (i) => value[i]!).sort());
    out.count[j] = indices.length;
  });
  return out;
}
