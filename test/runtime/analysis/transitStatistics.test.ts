import { describe, expect, it } from "vitest";
import { fitBox, inTransitMask, phaseOffsetDays, shortestConsistentPeriod } from "../../../runtime/analysis/transitStatistics.js";
import { boxSeries } from "./syntheticSeries.js";

const truth = { period: 2.5, epoch: 1, duration: 0.12, depth: 0.01, noise: 0.002 };
const full = boxSeries({ spanDays: 40, stepDays: 0.01, ...truth, seed: 5 });

/** Keeps only the points within ±`halfWindow` days of every second transit. */
function everySecondTransit(halfWindow: number) {
  const keep = full.time.map((t) => (Math.abs(phaseOffsetDays(t, 2 * truth.period, truth.epoch)) < halfWindow ? 1 : 0));
  return { time: full.time.filter((_, i) => keep[i]), flux: full.flux.filter((_, i) => keep[i]), sigma: full.sigma.filter((_, i) => keep[i]) };
}

describe("fitBox", () => {
  it("measures the depth, its error and the transits observed", () => {
    const fit = fitBox(full, { periodDays: 2.5, epoch: 1, durationDays: 0.12 });
    expect(Math.abs(fit.depth - 0.01)).toBeLessThan(3 * fit.depthSigma);
    expect(fit.depthSigma).toBeCloseTo(0.002 / Math.sqrt(fit.inTransitPoints), 4);
    expect(fit.transitsObserved).toBe(16);
  });
});

describe("shortestConsistentPeriod", () => {
  it("halves the period when the transits seen all fall on every second epoch", () => {
    // Within ±2 d of the even epochs: the odd epochs (2.5 d away) are never observed, while
    // the extra epochs of P/3 = 5/3 d fall on observed, flat data.
    const series = everySecondTransit(2);
    const found = shortestConsistentPeriod(series, { periodDays: 5, epoch: 1, durationDays: 0.12 }, 0.5);
    expect(found.periodDays).toBeCloseTo(2.5, 12);
  });

  it("goes down to P/3 when nothing but the transits themselves was observed", () => {
    const series = everySecondTransit(0.5);
    expect(shortestConsistentPeriod(series, { periodDays: 5, epoch: 1, durationDays: 0.12 }, 0.5).periodDays).toBeCloseTo(5 / 3, 12);
  });

  it("keeps P when the epochs P/2 and P/3 would add are observed without a dip", () => {
    const found = shortestConsistentPeriod(full, { periodDays: 2.5, epoch: 1, durationDays: 0.12 }, 0.5);
    expect(found.periodDays).toBe(2.5);
  });

  it("never goes below the minimum period", () => {
    const series = everySecondTransit(0.5);
    expect(shortestConsistentPeriod(series, { periodDays: 5, epoch: 1, durationDays: 0.12 }, 2).periodDays).toBe(2.5);
  });
});

describe("inTransitMask", () => {
  it("marks points within half a (widened) duration of mid-transit", () => {
    const time = [0.9, 0.95, 1.0, 1.07, 3.5];
    expect(Array.from(inTransitMask(time, { periodDays: 2.5, epoch: 1, durationDays: 0.12 }))).toEqual([0, 1, 1, 0, 1]);
    expect(Array.from(inTransitMask(time, { periodDays: 2.5, epoch: 1, durationDays: 0.12 }, 2))).toEqual([1, 1, 1, 1, 1]);
  });
});
