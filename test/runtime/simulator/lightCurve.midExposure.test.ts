/**
 * A light-curve point's flux is the transit model at the MIDDLE of its exposure (the `time` written
 * is the exposure's start, as the 2016 units wrote it), in BJD_TDB: the simulator interpolates the
 * barycentric correction linearly across a segment, and must land within 1 ms of the exact
 * conversion, whose flux error is far below the noise. Checked across an ingress of HD 189733 b,
 * where the flux changes by about 1e-3 in a minute, with a stream that gives no noise.
 */
import { describe, expect, it } from "vitest";
import { unixToBjdTdb } from "../../../runtime/core/barycentricTime.js";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { isoToUnixSeconds, unixSecondsToIso } from "../../../runtime/core/time.js";
import { lightCurvePoints, modelFlux } from "../../../runtime/simulator/lightCurve.js";
import type { Random } from "../../../runtime/simulator/random.js";
import type { PlannedSegment } from "../../../runtime/simulator/schedule.js";

const star = CATALOG.find((s) => s.id === "hd189733")!;
const planet = star.planet!;
/** No noise: every Gaussian deviate is 0. */
const noiseless: Random = { next: () => 0.5, uniform: (min, max) => (min + max) / 2, integer: (min) => min, gaussian: () => 0, pick: (items) => items[0]! };
const EXPOSURE_S = 100;

/** Unix seconds of a BJD_TDB near `guessS` (the barycentric correction is smooth: a few fixed-point steps). */
function unixOfBjd(bjd: number, guessS: number): number {
  let t = guessS;
  for (let i = 0; i < 4; i++) t += (bjd - unixToBjdTdb(t, star.raDeg, star.decDeg)) * 86_400;
  return t;
}

describe("lightCurvePoints across a transit", () => {
  it("gives each point the model flux at the middle of its exposure", () => {
    // The transit of 2026-08-02, about 03:20 UTC (cycle 3144 after the epoch): from 1 h before its ingress to 1 h after.
    const mid = planet.epochBjd + 3144 * planet.periodDays;
    const ingressS = unixOfBjd(mid - planet.durationHours / 48, (mid - 2440587.5) * 86_400);
    const timesUnixS = Array.from({ length: 70 }, (_, k) => Math.round((ingressS - 3600 + k * 103.25) * 1e6) / 1e6);
    const segment: PlannedSegment = { unit: "PAN001", camera: "123456", star, start: unixSecondsToIso(timesUnixS[0]!), timesUnixS, exptimeS: EXPOSURE_S };

    const points = lightCurvePoints(segment, noiseless);
    expect(points).toHaveLength(timesUnixS.length);
    const expected = timesUnixS.map((t) => modelFlux(star, unixToBjdTdb(t + EXPOSURE_S / 2, star.raDeg, star.decDeg)));
    for (const [k, point] of points.entries()) {
      expect(isoToUnixSeconds(point.time)).toBeCloseTo(timesUnixS[k]!, 5);
      for (const channel of ["R", "G", "B"] as const) expect(point[channel], `${channel} at ${point.time}`).toBeCloseTo(expected[k]![channel], 7);
    }
    // Not vacuous: the points run from out of transit into it.
    expect(points[0]!.R).toBe(1);
    expect(Math.min(...points.map((p) => p.R))).toBeLessThan(1 - planet.depth / 2);
  });
});
