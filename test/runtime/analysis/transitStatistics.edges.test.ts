import { describe, expect, it } from "vitest";
import { fitBox, inTransitMask, isInTransit, medianSpacing } from "../../../runtime/analysis/transitStatistics.js";
import { transitModelCurve } from "../../../runtime/analysis/transitModelCurve.js";

// Period, epoch and duration chosen so that the edges, epoch ± D/2 = 0.75 and 1.25 (and a period
// later 4.75, 5.25), are exact in binary floating point.
const box = { periodDays: 4, epoch: 1, durationDays: 0.5 };

describe("the edges of a box transit", () => {
  it("leaves a point exactly half a duration from mid-transit out of transit, and one just inside in", () => {
    for (const edge of [0.75, 1.25, 4.75, 5.25]) expect(isInTransit(edge, box)).toBe(false);
    for (const inside of [0.7501, 1.2499, 4.7501, 5.2499]) expect(isInTransit(inside, box)).toBe(true);
    expect(Array.from(inTransitMask([0.75, 1, 1.25], box))).toEqual([0, 1, 0]);
  });

  it("agrees with the drawn transit model, which is at first and fourth contact (no light blocked) there", () => {
    // transitModelCurve matches the box duration to first-to-fourth contact: at ±D/2 the planet's
    // disc only touches the star's limb, so the flux is 1; half-way in, it is below 1.
    const [atEdge, halfWayIn, atCentre] = transitModelCurve({ ...box, depth: 0.01 }, [0.25, 0.125, 0]);
    expect(atEdge).toBeCloseTo(1, 9);
    expect(halfWayIn).toBeLessThan(1);
    expect(atCentre).toBeLessThan(halfWayIn!);
    expect(isInTransit(box.epoch + 0.25, box)).toBe(false);
  });

  it("counts a point on the edge with the out-of-transit level when fitting the depth", () => {
    // Flat 1 out of transit, 0.99 strictly inside, and a point on each edge at the out-of-transit level.
    const time = Float64Array.from([0, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5, 2]);
    const flux = time.map((t) => (Math.abs(t - 1) < 0.25 ? 0.99 : 1));
    const fit = fitBox({ time, flux, sigma: new Float64Array(time.length).fill(0.001) }, box);
    expect(fit.inTransitPoints).toBe(3);
    expect(fit.depth).toBeCloseTo(0.01, 12);
  });
});

describe("medianSpacing", () => {
  it("is the one interval of two points, and 0 for fewer", () => {
    expect(medianSpacing(Float64Array.from([3, 3.5]))).toBe(0.5);
    expect(medianSpacing(Float64Array.from([3, 3.5, 3.75]))).toBe(0.375);
    expect(medianSpacing(Float64Array.from([3]))).toBe(0);
    expect(medianSpacing(new Float64Array(0))).toBe(0);
  });
});
