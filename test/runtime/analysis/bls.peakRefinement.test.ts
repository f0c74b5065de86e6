import { describe, expect, it } from "vitest";
import { boxLeastSquares } from "../../../runtime/analysis/bls.js";
import { nightlyTimes, periodicTransits, withTransits } from "./nightlySeries.js";

// A hot Jupiter like HD 189733 b (depth 2.4%, duration 1.8 h: Bouchy et al. 2005, A&A 444, L15)
// seen from one site: thirty 8-hour nights at a 5-minute cadence, five lost to weather, noise
// 0.35% per point (the 2016 G channel's 0.6% per 100 s exposure, binned by three).
const time = nightlyTimes({ nights: 30, nightHours: 8, cadenceDays: 5 / 1440, lostNights: [4, 11, 12, 19, 25] });
const transit = { duration: 0.075, depth: 0.024, noise: 0.0035 };
/** 26 s: four full transits over 30 d time the period to about 1e-4 d at this cadence and noise. */
const TOLERANCE_DAYS = 3e-4;

/** The search's trial periods for these times; they depend on the sampling, not on the flux. */
const grid = boxLeastSquares(withTransits(time, { ...transit, transitTimes: [], depth: 0, seed: 99 })).periodDays;

function nearestGridDistance(period: number): number {
  return grid.reduce((nearest, p) => Math.min(nearest, Math.abs(p - period)), Infinity);
}

describe("boxLeastSquares refines the periodogram peak on nightly data", () => {
  it.each([
    { near: 2.2186, seed: 1 },
    { near: 3.21, seed: 2 },
  ])("finds a period half-way between two trial periods (near $near d) within 3e-4 d", ({ near, seed }) => {
    // The true period sits half-way between two grid periods, so the best the unrefined grid can
    // report is half a grid step off.
    const above = grid.findIndex((p) => p > near);
    const period = Math.sqrt(grid[above - 1]! * grid[above]!);
    expect(nearestGridDistance(period)).toBeGreaterThan(2 * TOLERANCE_DAYS);

    // Mid-transits early in the night, so every observed transit is seen whole.
    const series = withTransits(time, { ...transit, transitTimes: periodicTransits(period, 0.23, 30), seed });
    const { candidate, periodDays } = boxLeastSquares(series);
    expect(periodDays).toEqual(grid);
    expect(candidate).toBeDefined();
    expect(Math.abs(candidate!.periodDays - period)).toBeLessThan(TOLERANCE_DAYS);
  });
});
