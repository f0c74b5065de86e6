import { describe, expect, it } from "vitest";
import { falseAlarmProbability, gumbelSurvival } from "../../../runtime/analysis/falseAlarm.js";
import { everyDay, nightlySeries } from "./nightlySeries.js";

/** Six nights of 6 h at 20-min cadence of a planetless star, and a short period grid: cheap null trials. */
const series = nightlySeries({ days: everyDay(6), hours: 6, cadenceDays: 20 / 1440, noise: 0.002, seed: 4 });
const periods = Float64Array.from({ length: 30 }, (_, k) => 0.6 + 0.05 * k);
const ephemeris = { periodDays: 1.3, epoch: 0.2, durationDays: 0.08 };
const peakPower = 20;

describe("falseAlarmProbability: when the trials stop", () => {
  it("keeps running batches while the answer is undecided, up to the cap, the last batch cut short", () => {
    // A decisive factor of 1e12 makes no probability in (1e-15, 1] decisive: only the cap stops the trials.
    const fap = falseAlarmProbability(series, periods, peakPower, ephemeris, {}, { batch: 4, maxTrials: 10, decisiveFactor: 1e12 })!;
    expect(fap.probability).toBeGreaterThan(1e-15);
    expect(fap.trials).toBe(10);
  });

  it("stops after the first batch once the answer is decided", () => {
    // A decisive factor of 1 makes every probability but exactly the threshold decisive.
    const fap = falseAlarmProbability(series, periods, peakPower, ephemeris, {}, { batch: 4, maxTrials: 10, decisiveFactor: 1 })!;
    expect(fap.trials).toBe(4);
    // The probability reported is the Gumbel law's, fitted to those four trials.
    expect(fap.probability).toBe(gumbelSurvival(peakPower, fap.gumbel));
  });
});

describe("falseAlarmProbability: its seed", () => {
  it("draws with the documented default seed, \"piaa\", when given none", () => {
    // Stored analyses compare probabilities across runs: the default must stay the same seed.
    const options = { batch: 3, maxTrials: 3 };
    const byDefault = falseAlarmProbability(series, periods, peakPower, ephemeris, {}, options)!;
    expect(byDefault.gumbel).toEqual(falseAlarmProbability(series, periods, peakPower, ephemeris, {}, { ...options, seed: "piaa" })!.gumbel);
    expect(byDefault.gumbel).not.toEqual(falseAlarmProbability(series, periods, peakPower, ephemeris, {}, { ...options, seed: "" })!.gumbel);
  });
});
