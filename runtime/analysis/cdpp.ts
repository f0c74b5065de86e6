/**
 * Combined Differential Photometric Precision (Christiansen et al. 2012, PASP 124, 1279), computed
 * the way lightkurve's `LightCurve.estimate_cdpp` does it: on flattened (detrended, normalised)
 * flux, remove outliers beyond `sigma`, take the running mean over `durationCadences` consecutive
 * points and return the standard deviation (ddof 0) of those means in ppm. Running means stay
 * inside one segment so that no mean spans a gap between nights or cameras.
 */
import { std } from "mathjs";
import { indicesBySegment } from "./segmentIndex.js";
import { sigmaClip } from "./sigmaClip.js";

export interface CdppOptions {
  /** Length of the running mean in cadences (lightkurve's `transit_duration`). @default 13 */
  durationCadences?: number;
  /** Outlier threshold in robust sigmas, both sides (lightkurve's `sigma`). @default 5 */
  sigma?: number;
}

/**
 * CDPP in ppm of detrended flux near 1; undefined when no segment has enough points. Points with
 * `use[i] === 0` (a candidate's transits) are left out, so the figure measures the noise only.
 */
export function estimateCdppPpm(
  flux: ArrayLike<number>,
  segment: ArrayLike<number>,
  segmentCount: number,
  options: CdppOptions = {},
  use?: ArrayLike<number>,
): number | undefined {
  const { durationCadences = 13, sigma = 5 } = options;
  if (!Number.isInteger(durationCadences) || durationCadences < 1) {
    throw new RangeError(`durationCadences must be a positive integer (got ${durationCadences})`);
  }
  const keep = sigmaClip(flux, { sigma, lower: true, upper: true }, use);
  const means: number[] = [];
  for (const indices of indicesBySegment(segment, segmentCount)) {
    const kept = Array.from(indices).filter((i) => keep[i]);
    let sum = 0;
    for (let j = 0; j < kept.length; j++) {
      sum += flux[kept[j]!]!;
      if (j >= durationCadences) sum -= flux[kept[j - durationCadences]!]!;
      if (j >= durationCadences - 1) means.push(sum / durationCadences);
    }
  }
  if (means.length < 2) return undefined;
  return (std(means, "uncorrected") as number) * 1e6;
}

/** The number of cadences closest to `durationHours` at the series' median cadence (at least 1). */
export function cadencesFor(durationHours: number, medianCadenceS: number): number {
  if (!(medianCadenceS > 0)) return 1;
  return Math.max(1, Math.round((durationHours * 3600) / medianCadenceS));
}
