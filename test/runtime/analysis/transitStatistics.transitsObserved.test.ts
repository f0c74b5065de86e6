/**
 * fitBox's count of transits observed (transitStatistics.ts): distinct epochs with at least one
 * point in transit, each point's epoch being the whole number of periods from the ephemeris epoch
 * to it. The ephemeris here sits at BJD 2461000.5 with P = 2 d, where counting from the wrong side
 * of the epoch puts each transit's points astride a half period and counts every transit twice.
 */
import { describe, expect, it } from "vitest";
import { fitBox } from "../../../runtime/analysis/transitStatistics.js";

const box = { periodDays: 2, epoch: 2_461_000.5, durationDays: 0.1 };

describe("fitBox's transits observed", () => {
  it("counts each transit with points in it once, and none without", () => {
    // Points 0.02 d either side of the middle of transits 0, 1 and 3 (none in transit 2), and out of transit.
    const middles = [0, 1, 3].map((n) => box.epoch + n * box.periodDays);
    const time = Float64Array.from([...middles.flatMap((m) => [m - 0.02, m + 0.02]), box.epoch + 1, box.epoch + 5]).sort();
    const flux = time.map((t) => (middles.some((m) => Math.abs(t - m) < 0.05) ? 0.99 : 1));
    const fit = fitBox({ time, flux, sigma: new Float64Array(time.length).fill(0.001) }, box);
    expect(fit.inTransitPoints).toBe(6);
    expect(fit.transitsObserved).toBe(3);
  });
});
