/**
 * The BLS periodogram's grid and its detection statistic: trial periods on a geometric frequency
 * grid whose step keeps the transits of the whole baseline in phase, and the Signal Detection
 * Efficiency of a peak.
 */
import { mean, std } from "mathjs";
import { median } from "./sigmaClip.js";

/** Trial periods on each side whose median is the periodogram's local level. */
const SDE_TREND_HALF_WINDOW = 150;

/**
 * SDE of the peak at `peakIndex`: (peak − mean)/std of the periodogram after subtracting its
 * running median, as TLS does with its spectrum (Hippke & Heller 2019, A&A 623, A39, §2.3): BLS
 * power drifts with period (fewer events per box at long periods), and the drift is not signal.
 */
export function signalDetectionEfficiency(power: Float64Array, peakIndex: number): number {
  const n = power.length;
  const step = Math.max(1, Math.floor(SDE_TREND_HALF_WINDOW / 10));
  const levels = new Map<number, number>();
  const levelAt = (i: number): number => {
    const node = Math.round(i / step) * step;
    let level = levels.get(node);
    if (level === undefined) {
      level = median(power.subarray(Math.max(0, node - SDE_TREND_HALF_WINDOW), Math.min(n, node + SDE_TREND_HALF_WINDOW + 1)));
      levels.set(node, level);
    }
    return level;
  };
  const flattened = Array.from(power, (p, i) => p - levelAt(i));
  const spread = std(flattened, "uncorrected") as unknown as number;
  return spread > 0 ? (flattened[peakIndex]! - (mean(flattened) as number)) / spread : 0;
}

/** Trial periods, ascending, from a geometric frequency grid (see the module comment). */
export function periodGrid(minPeriod: number, maxPeriod: number, baseline: number, minDuration: number, oversample: number, maxPeriods: number): Float64Array {
  const natural = Math.log(maxPeriod / minPeriod) / Math.log1p(minDuration / (oversample * Math.max(baseline, minDuration)));
  const count = Math.max(2, Math.min(maxPeriods, Math.ceil(natural) + 1));
  const ratio = Math.pow(maxPeriod / minPeriod, 1 / (count - 1));
  return Float64Array.from({ length: count }, (_, k) => minPeriod * Math.pow(ratio, k));
}
