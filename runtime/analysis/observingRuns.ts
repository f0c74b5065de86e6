/**
 * Observing runs: the segments one camera recorded back to back. A unit following a field cuts
 * its exposures into segments of one to a few hours (it re-focuses in between, for a minute or
 * so), and a segment can then lie entirely inside a transit. Its own median would be the
 * in-transit level and the transit would vanish on normalisation; the run it belongs to also
 * holds the baseline before and after. So the per-segment steps (normalisation, detrending,
 * running means) work per run: per segment, with segments that directly continue one another on
 * the same camera taken together.
 */
import type { MasterLightCurve } from "../core/masterLightCurve.js";

/** Segments of one camera closer than this are one run. */
export const DEFAULT_MAX_RUN_GAP_S = 900;

export interface ObservingRuns {
  /** Run index of each point. */
  run: Uint32Array;
  count: number;
}

export function observingRuns(mlc: MasterLightCurve, maxGapS = DEFAULT_MAX_RUN_GAP_S): ObservingRuns {
  const { time, segment } = mlc.points;
  const spans = mlc.segments.map(() => ({ first: Number.POSITIVE_INFINITY, last: Number.NEGATIVE_INFINITY }));
  for (let i = 0; i < time.length; i++) {
    const span = spans[segment[i]!]!;
    span.first = Math.min(span.first, time[i]!);
    span.last = Math.max(span.last, time[i]!);
  }
  const order = mlc.segments
    .map((s, index) => ({ index, camera: `${s.unit}/${s.camera}`, ...spans[index]! }))
    .filter((s) => s.first <= s.last)
    .sort((a, b) => (a.camera < b.camera ? -1 : a.camera > b.camera ? 1 : a.first - b.first));
  const runOfSegment = new Uint32Array(mlc.segments.length);
  let count = 0;
  order.forEach((s, k) => {
    const previous = order[k - 1];
    const continues = previous !== undefined && previous.camera === s.camera && s.first - previous.last <= maxGapS;
    if (!continues) count++;
    runOfSegment[s.index] = count - 1;
  });
  return { run: Uint32Array.from(segment, (s) => runOfSegment[s]!), count };
}
