/**
 * MLC points of different segments interleave in time (several cameras watch one star at once);
 * per-segment steps (normalisation, detrending, CDPP) work on each segment's point indices, in
 * time order.
 */

/** The point indices of each segment, each list in the points' (time) order. */
export function indicesBySegment(segment: ArrayLike<number>, segmentCount: number): Uint32Array[] {
  const sizes = new Uint32Array(segmentCount);
  for (let i = 0; i < segment.length; i++) {
    const s = segment[i]!;
    if (!(s >= 0 && s < segmentCount)) throw new RangeError(`point ${i} refers to segment ${s}, but there are ${segmentCount}`);
    sizes[s]! += 1;
  }
  const lists = Array.from(sizes, (size) => new Uint32Array(size));
  const filled = new Uint32Array(segmentCount);
  for (let i = 0; i < segment.length; i++) {
    const s = segment[i]!;
    lists[s]![filled[s]!++] = i;
  }
  return lists;
}
