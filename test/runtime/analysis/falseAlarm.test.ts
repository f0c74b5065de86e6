import { describe, expect, it } from "vitest";
import { boxLeastSquares } from "../../../runtime/analysis/bls.js";
import { falseAlarmProbability, fitGumbel, gumbelSurvival, observingBlocks, shiftedBlocks, CANDIDATE_MAX_FALSE_ALARM_PROBABILITY } from "../../../runtime/analysis/falseAlarm.js";
import { gaussianNoise } from "./gaussianNoise.js";
import { everyDay, nightlySeries } from "./nightlySeries.js";

/**
 * 14 nights of 8 h at 15-min cadence with 0.2 % noise: a planetless star, or one with a 0.6 %,
 * 2-h transit every 2.3 d, of which the nights catch three (epochs 0, 3 and 4).
 */
const night = { days: everyDay(14), hours: 8, cadenceDays: 15 / 1440, noise: 0.002 };
const planet = { period: 2.3, epoch: 0.2, duration: 2 / 24, depth: 0.006 };

function calibrate(series: ReturnType<typeof nightlySeries>) {
  const search = boxLeastSquares(series);
  const peak = search.power.reduce((a, b) => Math.max(a, b), 0);
  return { candidate: search.candidate!, fap: falseAlarmProbability(series, search.periodDays, peak, search.candidate!)! };
}

describe("Gumbel law", () => {
  it("fitted by moments to draws of a known law gives back its location and scale", () => {
    const uniform = gaussianNoise(5);
    // Inverse CDF of Gumbel(10, 2): x = μ − β ln(−ln u), u from the normal's CDF of a normal draw.
    const erf = (x: number) => Math.tanh(1.2025 * x + 0.0452 * x ** 3); // within 1e-3, enough to spread u over (0, 1)
    const draws = Array.from({ length: 4000 }, () => 10 - 2 * Math.log(-Math.log(Math.min(1 - 1e-12, Math.max(1e-12, 0.5 * (1 + erf(uniform() / Math.SQRT2)))))));
    const fitted = fitGumbel(draws);
    expect(fitted.location).toBeGreaterThan(9.7);
    expect(fitted.location).toBeLessThan(10.3);
    expect(fitted.scale).toBeGreaterThan(1.85);
    expect(fitted.scale).toBeLessThan(2.15);
  });

  it("gives tail probabilities without losing them to rounding", () => {
    const law = { location: 10, scale: 2 };
    expect(gumbelSurvival(10, law)).toBeCloseTo(1 - Math.exp(-1), 12);
    // Far in the tail P ≈ exp(−z): z = 40 → 4.2e-18, which 1 − exp(−exp(−z)) rounds to 0.
    expect(gumbelSurvival(90, law) / Math.exp(-40)).toBeCloseTo(1, 6);
  });
});

describe("null light curves", () => {
  const series = nightlySeries({ ...night, seed: 1 });

  it("splits the series into one block per night", () => {
    expect(observingBlocks(series.time)).toHaveLength(14);
  });

  it("moves every night by whole days inside the baseline and keeps its points", () => {
    const blocks = observingBlocks(series.time);
    const choices = gaussianNoise(3);
    const shifted = shiftedBlocks(series, blocks, (low, high) => Math.max(low, Math.min(high, Math.round(choices() * 5))));
    expect([...shifted.flux].sort()).toEqual([...series.flux].sort());
    expect(shifted.time[0]).toBeGreaterThanOrEqual(series.time[0]! - 1e-9);
    expect(shifted.time.at(-1)).toBeLessThanOrEqual(series.time.at(-1)! + 1e-9);
    // Whole days: every time keeps its time of night.
    const timesOfDay = new Set(Array.from(series.time, (t) => (t % 1).toFixed(6)));
    for (const t of shifted.time) expect(timesOfDay.has((t % 1).toFixed(6))).toBe(true);
    expect(Array.from(shifted.time).some((t, i) => t !== series.time[i])).toBe(true);
  });
});

describe("falseAlarmProbability", () => {
  it.each([1, 2, 3])("does not flag a planetless star (seed %i)", (seed) => {
    const { fap } = calibrate(nightlySeries({ ...night, seed }));
    expect(fap.probability).toBeGreaterThan(CANDIDATE_MAX_FALSE_ALARM_PROBABILITY);
    expect(fap.trials).toBeGreaterThanOrEqual(6);
  });

  it("flags a star with a planet, far beyond its noise, in the fewest trials", () => {
    const { candidate, fap } = calibrate(nightlySeries({ ...night, ...planet, seed: 1 }));
    expect(Math.abs(candidate.periodDays - planet.period)).toBeLessThan(0.01);
    expect(fap.probability).toBeLessThan(CANDIDATE_MAX_FALSE_ALARM_PROBABILITY / 100);
    expect(fap.trials).toBe(6);
  });

  it("declines to calibrate two nights, which shift into too few different null light curves", () => {
    const series = nightlySeries({ ...night, days: everyDay(2), ...planet, seed: 5 });
    const search = boxLeastSquares(series);
    const peak = search.power.reduce((a, b) => Math.max(a, b), 0);
    expect(search.candidate).toBeDefined();
    expect(falseAlarmProbability(series, search.periodDays, peak, search.candidate!)).toBeUndefined();
  });

  it("gives the same probability for the same data and seed, another for another seed", () => {
    const series = nightlySeries({ ...night, seed: 2 });
    const search = boxLeastSquares(series);
    const peak = search.power.reduce((a, b) => Math.max(a, b), 0);
    const run = (seed: string) => falseAlarmProbability(series, search.periodDays, peak, search.candidate!, {}, { seed, maxTrials: 6 })!.probability;
    expect(run("a")).toBe(run("a"));
    expect(run("a")).not.toBe(run("b"));
  });
});
