/**
 * Small light-curve segments for merge tests, built as units upload them (JSON bytes) and parsed
 * by the real parser, so every test segment is a valid one.
 */
import { parseLightCurveSegment, type LightCurveSegment } from "../../../runtime/core/lightCurveSegment.js";
import { isoToUnixMicros, unixMicrosToIso } from "../../../runtime/core/time.js";

export const TEST_PIC = "PIC_J0326137+295015";
export const NIGHT_START = "2016-07-02T09:18:28.837000";

/** A point `offsetS` seconds after the night start, with fluxes derived from `seed`. */
export interface TestPoint {
  offsetS: number;
  seed: number;
}

/** Segment number `n` of `pic`: its own unit and camera, starting `startOffsetS` after NIGHT_START. */
export function testObjectName(n: number, { pic = TEST_PIC, startOffsetS = 0 } = {}): string {
  const start = unixMicrosToIso(isoToUnixMicros(NIGHT_START)! + startOffsetS * 1e6);
  return `LC/${pic}/PAN${String(n % 1000).padStart(3, "0")}/${String(100000 + n)}/${start}.json`;
}

export function testSegmentBytes(points: readonly TestPoint[]): string {
  const base = isoToUnixMicros(NIGHT_START)!;
  return JSON.stringify(
    points.map(({ offsetS, seed }) => ({
      time: unixMicrosToIso(base + offsetS * 1e6),
      exptime: 100,
      R: 1 + seed / 1000,
      G: 1 - seed / 2000,
      B: 0.99 + seed / 3000,
      sig_r: 0.01,
      sig_g: 0.006,
      sig_b: 0.017 + seed / 1e6,
    })),
  );
}

export function testSegment(object: string, points: readonly TestPoint[]): LightCurveSegment {
  return parseLightCurveSegment(object, testSegmentBytes(points));
}
