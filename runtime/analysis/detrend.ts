/**
 * Detrending: each point is divided by a low-order polynomial fitted by least squares to the
 * points of its own segment within a sliding time window — the Savitzky–Golay filter (Savitzky &
 * Golay 1964, Anal. Chem. 36, 1627) generalised to uneven sampling and masked points, as
 * lightkurve's `flatten` uses it: the window keeps its full width at the segment edges, and
 * outliers of the residuals (both sides) are masked and the fit repeated. Masking a candidate's
 * in-transit points keeps the filter from eating the transit.
 *
 * Each fit is O(1) from prefix sums of u^k and y·u^k, so a pass is O(n) however wide the window.
 */
import { DEFAULT_DURATIONS_DAYS } from "./bls.js";
import { robustScale } from "./sigmaClip.js";
import { indicesBySegment } from "./segmentIndex.js";

export interface DetrendOptions {
  /** Width of the fitting window. @default 0.5 (longer than a PANOPTES night: one fit per segment) */
  windowDays?: number;
  /** Polynomial order, 0–2. @default 2 */
  polyorder?: number;
  /** Fit–clip passes. @default 3 */
  iterations?: number;
  /** Residuals beyond this many robust sigmas are left out of the next fit. @default 3 */
  clipSigma?: number;
  /**
   * Each polynomial order needs the fitted points to span this long, so that no slope or bend is
   * fitted into a transit before the search has found it. @default twice the longest searched
   * duration, 8 h: an 8-h night gets a level, a 12-h run a line (see DEFAULT_SPAN_PER_ORDER_DAYS)
   */
  spanPerOrderDays?: number;
}

export interface DetrendedSeries {
  flux: Float64Array;
  sigma: Float64Array;
  trend: Float64Array;
}

const MAX_ORDER = 2;
/**
 * Injection and recovery (completeness.ts) measured 3.6 h (the old default, twice a 1.8-h
 * transit): a quadratic across every 8-h night, 63 % of a 4-h transit's depth and 20 % of a 4-h
 * sinusoid's amplitude lost. Twice the longest searched duration: under 1 % and 0 % (README,
 * "Completeness"). The night's level is still removed, and longer runs still get their slope.
 */
export const DEFAULT_SPAN_PER_ORDER_DAYS = 2 * Math.max(...DEFAULT_DURATIONS_DAYS);
/**
 * A window with few unmasked points (a segment mostly in transit) gets a lower order: a quadratic
 * through a handful of noisy points extrapolates wildly over the masked part.
 */
const MIN_POINTS_PER_COEFFICIENT = 8;

/** Least-squares trend of `flux`; `use[i] === 0` keeps point i out of every fit. */
export function savitzkyGolayTrend(
  timeDays: ArrayLike<number>,
  flux: ArrayLike<number>,
  segment: ArrayLike<number>,
  segmentCount: number,
  options: DetrendOptions = {},
  use?: ArrayLike<number>,
): Float64Array {
  const { windowDays = 0.5, polyorder = 2, iterations = 3, clipSigma = 3, spanPerOrderDays = DEFAULT_SPAN_PER_ORDER_DAYS } = options;
  if (!(windowDays > 0)) throw new RangeError(`windowDays must be positive (got ${windowDays})`);
  if (!(polyorder >= 0 && polyorder <= MAX_ORDER)) throw new RangeError(`polyorder must be 0, 1 or 2 (got ${polyorder})`);
  const trend = new Float64Array(flux.length);
  for (const indices of indicesBySegment(segment, segmentCount)) {
    if (indices.length === 0) continue;
    const t = Float64Array.from(indices, (i) => timeDays[i]!);
    const y = Float64Array.from(indices, (i) => flux[i]!);
    const included = Uint8Array.from(indices, (i) => ((!use || use[i]) && Number.isFinite(flux[i]) ? 1 : 0));
    const segmentTrend = new Float64Array(indices.length);
    for (let pass = 0; pass < iterations; pass++) {
      fitWindows(t, y, included, { windowDays, polyorder, spanPerOrderDays }, segmentTrend);
      if (pass === iterations - 1 || !clipResiduals(y, segmentTrend, included, clipSigma)) break;
    }
    indices.forEach((i, j) => (trend[i] = segmentTrend[j]!));
  }
  return trend;
}

/** Divides flux and sigma by the trend (see `savitzkyGolayTrend`). */
export function detrend(
  timeDays: ArrayLike<number>,
  flux: ArrayLike<number>,
  sigma: ArrayLike<number>,
  segment: ArrayLike<number>,
  segmentCount: number,
  options: DetrendOptions = {},
  use?: ArrayLike<number>,
): DetrendedSeries {
  const trend = savitzkyGolayTrend(timeDays, flux, segment, segmentCount, options, use);
  const out = { flux: new Float64Array(flux.length), sigma: new Float64Array(flux.length), trend };
  for (let i = 0; i < flux.length; i++) {
    out.flux[i] = flux[i]! / trend[i]!;
    out.sigma[i] = sigma[i]! / Math.abs(trend[i]!);
  }
  return out;
}

/** Masks included points whose residual is an outlier; true when any was masked. */
function clipResiduals(y: Float64Array, trend: Float64Array, included: Uint8Array, clipSigma: number): boolean {
  const residual = y.map((v, j) => v - trend[j]!);
  const scale = robustScale(residual, included);
  if (!(scale.sigma > 0)) return false;
  let changed = false;
  for (let j = 0; j < y.length; j++) {
    if (included[j] && Math.abs(residual[j]! - scale.median) > clipSigma * scale.sigma) {
      included[j] = 0;
      changed = true;
    }
  }
  return changed;
}

interface WindowSettings {
  windowDays: number;
  polyorder: number;
  spanPerOrderDays: number;
}

/** One pass of windowed polynomial fits over a segment's time-sorted points into `out`. */
function fitWindows(t: Float64Array, y: Float64Array, included: Uint8Array, settings: WindowSettings, out: Float64Array): void {
  const m = t.length;
  const first = t[0]!;
  const last = t[m - 1]!;
  const mid = (first + last) / 2;
  const half = (last - first) / 2 || 1;
  // Prefix sums: s[k][j] = Σ_{i<j} u^k (k = 0..4), r[k][j] = Σ_{i<j} y·u^k (k = 0..2).
  const s = Array.from({ length: 2 * MAX_ORDER + 1 }, () => new Float64Array(m + 1));
  const r = Array.from({ length: MAX_ORDER + 1 }, () => new Float64Array(m + 1));
  for (let i = 0; i < m; i++) {
    const u = (t[i]! - mid) / half;
    const on = included[i]!;
    // An excluded point adds nothing, not 0 × its flux: a NaN flux would make every later sum NaN.
    const value = on ? y[i]! : 0;
    let p = on;
    for (let k = 0; k <= 2 * MAX_ORDER; k++) {
      s[k]![i + 1] = s[k]![i]! + p;
      if (k <= MAX_ORDER) r[k]![i + 1] = r[k]![i]! + p * value;
      p *= u;
    }
  }
  // Nearest included point at or after / before each index, for the span of a window's fit.
  const nextIncluded = new Int32Array(m + 1).fill(m);
  for (let i = m - 1; i >= 0; i--) nextIncluded[i] = included[i] ? i : nextIncluded[i + 1]!;
  const previousIncluded = new Int32Array(m + 1).fill(-1);
  for (let i = 1; i <= m; i++) previousIncluded[i] = included[i - 1] ? i - 1 : previousIncluded[i - 1]!;
  const scratch = new Float64Array(12);
  const fit = (lo: number, hi: number, u: number): number | undefined => {
    const a = nextIncluded[lo]!;
    // a < hi: an included point lies in the window, so the last one, b, is at or after a.
    if (a >= hi) return undefined;
    const b = previousIncluded[hi]!;
    const order = Math.min(settings.polyorder, Math.floor((t[b]! - t[a]!) / settings.spanPerOrderDays));
    return evaluateFit(s, r, lo, hi, order, u, scratch);
  };
  let lo = 0;
  let hi = 0;
  for (let j = 0; j < m; j++) {
    // A full-width window shifted to stay inside the segment (like scipy's mode="interp").
    const start = Math.max(first, Math.min(t[j]! - settings.windowDays / 2, last - settings.windowDays));
    const end = start + settings.windowDays;
    while (lo < m && t[lo]! < start) lo++;
    while (hi < m && t[hi]! <= end) hi++;
    const u = (t[j]! - mid) / half;
    out[j] = fit(lo, hi, u) ?? fit(0, m, u) ?? 1;
  }
}

/**
 * The fitted polynomial at u over points [lo, hi), lowering the order when points are too few.
 * `a` is scratch space for the augmented normal equations (3 × 4), reused across calls.
 */
function evaluateFit(s: Float64Array[], r: Float64Array[], lo: number, hi: number, polyorder: number, u: number, a: Float64Array): number | undefined {
  const count = s[0]![hi]! - s[0]![lo]!;
  if (count < 1) return undefined;
  const affordable = Math.max(0, Math.floor(count / MIN_POINTS_PER_COEFFICIENT) - 1);
  for (let order = Math.min(polyorder, affordable); order >= 0; order--) {
    const size = order + 1;
    for (let row = 0; row < size; row++) {
      for (let col = 0; col < size; col++) a[row * 4 + col] = s[row + col]![hi]! - s[row + col]![lo]!;
      a[row * 4 + size] = r[row]![hi]! - r[row]![lo]!;
    }
    if (solveInPlace(a, size)) {
      let value = 0;
      for (let k = size - 1; k >= 0; k--) value = value * u + a[k * 4 + size]!;
      return value;
    }
  }
  return undefined;
}

/**
 * Gauss–Jordan elimination with partial pivoting on a size × (size + 1) augmented matrix stored
 * with row stride 4; the solution replaces the last column. False when singular.
 */
function solveInPlace(a: Float64Array, size: number): boolean {
  const scale = Math.max(1, Math.abs(a[0]!));
  for (let col = 0; col < size; col++) {
    let pivot = col;
    for (let row = col + 1; row < size; row++) if (Math.abs(a[row * 4 + col]!) > Math.abs(a[pivot * 4 + col]!)) pivot = row;
    if (Math.abs(a[pivot * 4 + col]!) < 1e-12 * scale) return false;
    if (pivot !== col) {
      for (let k = 0; k <= size; k++) [a[col * 4 + k], a[pivot * 4 + k]] = [a[pivot * 4 + k]!, a[col * 4 + k]!];
    }
    const p = a[col * 4 + col]!;
    for (let k = col; k <= size; k++) a[col * 4 + k]! /= p;
    for (let row = 0; row < size; row++) {
      if (row === col) continue;
      const f = a[row * 4 + col]!;
      if (f === 0) continue;
      for (let k = col; k <= size; k++) a[row * 4 + k]! -= f * a[col * 4 + k]!;
    }
  }
  return true;
}
