/**
 * CDPP's running means stay inside one segment (runtime/analysis/cdpp.ts): two flat segments at
 * different levels give a CDPP of exactly half their difference, whatever order their points come
 * in; a mean spanning the boundary would add intermediate values and lower it.
 */
import { describe, expect, it } from "vitest";
import { estimateCdppPpm } from "../../../runtime/analysis/cdpp.js";

const OFFSET_PPM = 500;
const POINTS_PER_SEGMENT = 20;

function twoLevels(segmentOf: (i: number) => number) {
  const n = 2 * POINTS_PER_SEGMENT;
  const segment = Float64Array.from({ length: n }, (_, i) => segmentOf(i));
  const flux = Float64Array.from(segment, (s) => 1 + (s === 0 ? -OFFSET_PPM : OFFSET_PPM) * 1e-6);
  return { flux, segment };
}

describe("estimateCdppPpm across segment boundaries", () => {
  it.each([
    ["one segment after the other", (i: number) => (i < POINTS_PER_SEGMENT ? 0 : 1)],
    ["segments interleaved in blocks of 5", (i: number) => Math.floor(i / 5) % 2],
  ])("never averages across a boundary: %s", (_order, segmentOf) => {
    const { flux, segment } = twoLevels(segmentOf);
    expect(estimateCdppPpm(flux, segment, 2, { durationCadences: 4 })).toBeCloseTo(OFFSET_PPM, 6);
  });

  it("is undefined when no segment holds a full running mean, though all points together would", () => {
    const { flux, segment } = twoLevels((i) => i % 8);
    expect(estimateCdppPpm(flux, segment, 8, { durationCadences: 6 })).toBeUndefined();
  });
});
