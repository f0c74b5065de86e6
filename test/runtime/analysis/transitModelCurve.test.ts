import { describe, expect, it } from "vitest";
import { transitModelCurve } from "../../../runtime/analysis/transitModelCurve.js";

describe("transitModelCurve", () => {
  // HD 189733 b-like box: P = 2.2186 d, 1.8 h, 2.2 % deep (Agol et al. 2010, rounded).
  const box = { periodDays: 2.2186, epoch: 0, durationDays: 1.8 / 24, depth: 0.022 };

  it("has the box's mean depth over the box and is flat outside it", () => {
    const inside = Array.from({ length: 201 }, (_, k) => (k / 200 - 0.5) * box.durationDays);
    const flux = transitModelCurve(box, inside);
    const meanDepth = flux.reduce((sum, f) => sum + (1 - f), 0) / flux.length;
    expect(meanDepth).toBeCloseTo(0.022, 3);
    expect(Math.min(...flux)).toBe(flux[100]); // deepest at mid-transit (limb darkening)
    expect(transitModelCurve(box, [-box.durationDays, box.durationDays, 0.6 * box.durationDays])).toEqual([1, 1, 1]);
  });

  it("is flat for a box without a positive depth", () => {
    expect(transitModelCurve({ ...box, depth: -0.001 }, [0, 0.01])).toEqual([1, 1]);
  });
});
