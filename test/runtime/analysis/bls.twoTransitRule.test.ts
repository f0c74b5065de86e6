import { describe, expect, it } from "vitest";
import { boxLeastSquares } from "../../../runtime/analysis/bls.js";
import { isTransitCandidate } from "../../../runtime/analysis/transitCandidate.js";
import { nightlyTimes, withTransits } from "./nightlySeries.js";

// Thirty nights of 8 h at a 5-minute cadence (100 s exposures binned by three), five lost to
// weather. In a gap-free series a box around one transit always holds points of other cycles
// too, so the two-transit rule never acts; here, at most trial periods the other cycles of that
// phase fall in the daytime gaps, and only the rule keeps the lone event from scoring alone.
const time = nightlyTimes({ nights: 30, nightHours: 8, cadenceDays: 5 / 1440, lostNights: [4, 11, 12, 19, 25] });

describe("boxLeastSquares on nightly data with one transit", () => {
  it.each([
    { depth: 0.01, mid: 9.15, seed: 1 },
    { depth: 0.024, mid: 17.2, seed: 3 },
  ])("reports no detection, and its best box spans two transit epochs (depth $depth at t = $mid d)", ({ depth, mid, seed }) => {
    const series = withTransits(time, { transitTimes: [mid], duration: 0.1, depth, noise: 0.004, seed });
    const { candidate } = boxLeastSquares(series);
    // One event fits every period: whatever the search returns must not pass as a candidate,
    // and its box must hold points of at least two transit epochs (Kovács et al. 2002 score a
    // periodic dip; a single dip is not one).
    expect(isTransitCandidate(candidate ?? null)).toBe(false);
    if (candidate) expect(candidate.transitsObserved).toBeGreaterThanOrEqual(2);
  });
});
