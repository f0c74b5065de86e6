import { describe, expect, it } from "vitest";
import { boxLeastSquares, DEFAULT_DURATIONS_DAYS } from "../../../runtime/analysis/bls.js";
import { boxSeries } from "./syntheticSeries.js";

const SHORTEST = Math.min(...DEFAULT_DURATIONS_DAYS);
const LONGEST = Math.max(...DEFAULT_DURATIONS_DAYS);

describe("boxLeastSquares reports durations inside the searched range", () => {
  // A transit longer than the longest trial box once came out at 1.2 × 4 h = 4.8 h, and a
  // short one at 0.6 × 1 h: the refinement widened or narrowed the box past the search.
  it.each([
    ["6-h transit", 0.25],
    ["20-min transit", 0.014],
  ])("%s: duration within 1–4 h", (_, duration) => {
    const series = boxSeries({ spanDays: 10, stepDays: 0.008, period: 2.7, epoch: 0.9, duration, depth: 0.01, noise: 0.002, seed: 11 });
    const { candidate } = boxLeastSquares(series);
    expect(Math.abs(candidate!.periodDays - 2.7)).toBeLessThan(0.01);
    expect(candidate!.durationDays).toBeGreaterThanOrEqual(SHORTEST);
    expect(candidate!.durationDays).toBeLessThanOrEqual(LONGEST);
  });

  it("keeps the duration in range on pure noise, whatever peak wins", () => {
    for (const seed of [1, 2, 3]) {
      const series = boxSeries({ spanDays: 8, stepDays: 0.008, period: 3, epoch: 1, duration: 0.1, depth: 0, noise: 0.003, seed });
      const d = boxLeastSquares(series).candidate!.durationDays;
      expect(d).toBeGreaterThanOrEqual(SHORTEST);
      expect(d).toBeLessThanOrEqual(LONGEST);
    }
  });
});
