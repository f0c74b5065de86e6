/**
 * A search that locks onto twice or three times the true period sees only every second or third
 * transit; when the data cover the skipped epochs and show the same dip there, the shorter period
 * must be chosen because of that evidence, not only when the skipped epochs were never observed
 * (transitStatistics.test.ts covers the unobserved case and the flat, contradicting case).
 */
import { describe, expect, it } from "vitest";
import { shortestConsistentPeriod } from "../../../runtime/analysis/transitStatistics.js";
import { boxSeries } from "./syntheticSeries.js";

// 40 days at 14-min cadence of a 1 %, 2.9-h transit every 2.5 d in 0.2 % noise: every transit observed.
const truth = { period: 2.5, epoch: 1, duration: 0.12, depth: 0.01, noise: 0.002 };
const everyTransitObserved = boxSeries({ spanDays: 40, stepDays: 0.01, ...truth, seed: 7 });

describe("shortestConsistentPeriod with the skipped transits observed", () => {
  it("halves a doubled period when the epochs in between show the same dip", () => {
    const found = shortestConsistentPeriod(everyTransitObserved, { periodDays: 2 * truth.period, epoch: truth.epoch, durationDays: truth.duration }, 0.5);
    expect(found.periodDays).toBeCloseTo(truth.period, 12);
  });

  it("divides a tripled period by three when the two epochs in between show the same dip", () => {
    const found = shortestConsistentPeriod(everyTransitObserved, { periodDays: 3 * truth.period, epoch: truth.epoch, durationDays: truth.duration }, 0.5);
    expect(found.periodDays).toBeCloseTo(truth.period, 12);
  });
});
