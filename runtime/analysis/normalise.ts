/**
 * Per-segment normalisation: every segment is divided by its own median flux, because each
 * camera, night and comparison ensemble has its own zero point. Once a transit candidate is
 * known its in-transit points are left out of the median (the out-of-transit median), else a
 * transit covering much of a short segment would pull the baseline down and hide itself.
 */
import { indicesBySegment } from "./segmentIndex.js";
import { median } from "./sigmaClip.js";

export interface NormalisedSeries {
  flux: Float64Array;
  sigma: Float64Array;
  /** The divisor used for each segment (NaN for a segment without points). */
  medians: Float64Array;
}

/**
 * Median of each segment over the points with `use[i] !== 0`; a segment none of whose points
 * may be used (entirely in transit) falls back to the median of all its points.
 */
export function segmentMedians(values: ArrayLike<number>, segments: Uint32Array[], use?: ArrayLike<number>): Float64Array {
  return Float64Array.from(segments, (indices) => {
    if (indices.length === 0) return Number.NaN;
    const chosen: number[] = [];
    for (const i of indices) if (!use || use[i]) chosen.push(values[i]!);
    if (chosen.length === 0) for (const i of indices) chosen.push(values[i]!);
    return median(chosen);
  });
}

/** Divides values and sigmas by their segment's median (see `segmentMedians`). */
export function normaliseBySegment(
  values: ArrayLike<number>,
  sigmas: ArrayLike<number>,
  segment: ArrayLike<number>,
  segmentCount: number,
  use?: ArrayLike<number>,
): NormalisedSeries {
  const medians = segmentMedians(values, indicesBySegment(segment, segmentCount), use);
  const flux = new Float64Array(values.length);
  const sigma = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const m = medians[segment[i]!]!;
    flux[i] = values[i]! / m;
    sigma[i] = sigmas[i]! / Math.abs(m);
  }
  return { flux, sigma, medians };
}
