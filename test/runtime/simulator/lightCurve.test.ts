import { describe, expect, it } from "vitest";
import { unixToBjdTdb } from "../../../runtime/core/barycentricTime.js";
import { parseLightCurveSegment } from "../../../runtime/core/lightCurveSegment.js";
import { lightCurveName } from "../../../runtime/core/objectNames.js";
import { isoToUnixSeconds } from "../../../runtime/core/time.js";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { lightCurvePoints, serializeLightCurve } from "../../../runtime/simulator/lightCurve.js";
import { buildNetwork } from "../../../runtime/simulator/network.js";
import { randomStream } from "../../../runtime/simulator/random.js";
import { planSegments, type PlannedSegment } from "../../../runtime/simulator/schedule.js";

const star = CATALOG.find((s) => s.id === "hd189733")!;
// HD 189733 b, Agol et al. 2010 (ApJ 721, 1861): P = 2.21857567 d, Rp/R* = 0.1545, T14 = 1.827 h.
const planet = star.planet!;
const plan = planSegments({
  units: buildNetwork({ cameras: new Map() }, 4, "lc-test"),
  stars: [star],
  firstDayUnixS: Date.parse("2026-08-01T00:00:00Z") / 1000,
  nights: 8,
  seed: "lc-test",
});

/**
 * Hours from the nearest mid-transit (BJD_TDB ephemeris) of each exposure's middle; the
 * barycentric correction is evaluated at both ends of the segment and interpolated (< 1 ms off).
 */
function hoursFromMidTransit(segment: PlannedSegment): number[] {
  const mids = segment.timesUnixS.map((t) => t + segment.exptimeS / 2);
  const [first, last] = [mids[0]!, mids.at(-1)!];
  const [bjdFirst, bjdLast] = [first, last].map((t) => unixToBjdTdb(t, star.raDeg, star.decDeg)) as [number, number];
  return mids.map((t) => {
    const bjd = last === first ? bjdFirst : bjdFirst + ((t - first) / (last - first)) * (bjdLast - bjdFirst);
    const cycles = (bjd - planet.epochBjd) / planet.periodDays;
    return (cycles - Math.round(cycles)) * planet.periodDays * 24;
  });
}

function pointsOf(segment: PlannedSegment) {
  const name = lightCurveName({ pic: star.pic, unit: segment.unit, camera: segment.camera, start: segment.start });
  // Through the bytes and the core validator, as the combiner will read them.
  return parseLightCurveSegment(name, serializeLightCurve(lightCurvePoints(segment, randomStream("lc-test", name)))).points;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe("simulated light curves of HD 189733", () => {
  it("show the published transit depth within 20% at mid-transit, after binning", () => {
    const halfHours = planet.durationHours / 2;
    const covering = plan.filter((s) => {
      const h = hoursFromMidTransit(s);
      return h[0]! < -0.5 && h.at(-1)! > 0.5;
    });
    expect(covering.length).toBeGreaterThan(0);
    for (const segment of covering) {
      const hours = hoursFromMidTransit(segment);
      const points = pointsOf(segment);
      // Central bin: the flat bottom of the transit, well inside second and third contact.
      const inTransit = points.filter((_, i) => Math.abs(hours[i]!) < halfHours - 0.3).map((p) => p.G);
      expect(inTransit.length).toBeGreaterThanOrEqual(15);
      const depth = 1 - mean(inTransit);
      expect(Math.abs(depth - planet.depth) / planet.depth, `${segment.camera} ${segment.start}`).toBeLessThan(0.2);
    }
  });

  it("show no dip in segments away from transit (every 30-minute bin within 0.5%)", () => {
    const away = plan.filter((s) => hoursFromMidTransit(s).every((h) => Math.abs(h) > planet.durationHours / 2 + 0.25)).slice(0, 20);
    expect(away.length).toBeGreaterThanOrEqual(10);
    for (const segment of away) {
      const points = pointsOf(segment);
      const t0 = isoToUnixSeconds(points[0]!.time);
      const bins = new Map<number, number[]>();
      for (const p of points) {
        const bin = Math.floor((isoToUnixSeconds(p.time) - t0) / 1800);
        bins.set(bin, [...(bins.get(bin) ?? []), p.G]);
      }
      for (const values of bins.values()) if (values.length >= 10) expect(Math.abs(1 - mean(values))).toBeLessThan(0.005);
    }
  });

  it("carry the 2016 per-channel errors and write points in the 2016 JSON form", () => {
    const points = lightCurvePoints(plan[0]!, randomStream("lc-test", "format"));
    expect(points[0]).toMatchObject({ exptime: 100, sig_r: 0.01, sig_g: 0.006, sig_b: 0.017 });
    const text = serializeLightCurve(points.slice(0, 1)).toString();
    expect(text).toMatch(/^\[\{"time": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}", "exptime": 100\.0, "R": [\d.]+, "G": [\d.]+, "B": [\d.]+, "sig_r": 0\.01, "sig_g": 0\.006, "sig_b": 0\.017\}\]$/);
    expect(JSON.parse(text)).toEqual(points.slice(0, 1));
  });

  it("scatter by the 2016 noise levels (R 1.0%, G 0.6%, B 1.7%) out of transit", () => {
    const away = plan.filter((s) => hoursFromMidTransit(s).every((h) => Math.abs(h) > planet.durationHours)).slice(0, 10);
    const points = away.flatMap(pointsOf);
    const rms = (c: "R" | "G" | "B") => Math.sqrt(mean(points.map((p) => (p[c] - 1) ** 2)));
    expect(rms("R")).toBeCloseTo(0.01, 3);
    expect(rms("G")).toBeCloseTo(0.006, 3);
    expect(rms("B")).toBeCloseTo(0.017, 2);
  });
});
