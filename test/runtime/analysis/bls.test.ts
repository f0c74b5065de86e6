import { describe, expect, it } from "vitest";
import { boxLeastSquares } from "../../../runtime/analysis/bls.js";
import { boxSeries } from "./syntheticSeries.js";

describe("boxLeastSquares", () => {
  it("recovers the issue's reference box transit within 0.015 d", () => {
    // Issue 9 acceptance: t = 0..100 d every 0.1 d, P = 2 d, T0 = 0.5 d, duration 0.1 d,
    // depth 0.2, noise 0.01 (the standard BLS test of Kovács et al. 2002, scaled).
    const series = boxSeries({ spanDays: 100, stepDays: 0.1, period: 2, epoch: 0.5, duration: 0.1, depth: 0.2, noise: 0.01, seed: 7 });
    const { candidate, power } = boxLeastSquares(series);
    expect(candidate).toBeDefined();
    expect(Math.abs(candidate!.periodDays - 2)).toBeLessThan(0.015);
    expect(Math.abs(candidate!.depth - 0.2)).toBeLessThan(0.02);
    expect(candidate!.snr).toBeGreaterThan(20);
    expect(candidate!.sde).toBeGreaterThan(10);
    // The epoch is the first mid-transit in the data; one cadence is the resolution here.
    expect(Math.abs(candidate!.epoch - 0.5)).toBeLessThan(0.1);
    expect(power.length).toBeGreaterThan(1000);
  });

  it("finds a shallow transit in noise and reports its depth with a sensible SNR", () => {
    const series = boxSeries({ spanDays: 30, stepDays: 0.005, period: 3.3, epoch: 1.1, duration: 0.1, depth: 0.003, noise: 0.004, seed: 3 });
    const { candidate } = boxLeastSquares(series);
    expect(Math.abs(candidate!.periodDays - 3.3) / 3.3).toBeLessThan(0.001);
    expect(Math.abs(candidate!.epoch - 1.1)).toBeLessThan(0.01);
    expect(candidate!.durationDays).toBeGreaterThan(0.07);
    expect(candidate!.durationDays).toBeLessThan(0.13);
    expect(candidate!.depth).toBeGreaterThan(0.0024);
    expect(candidate!.depth).toBeLessThan(0.0036);
  });

  it("gives pure noise a much lower SDE than a real transit", () => {
    const flat = boxSeries({ spanDays: 30, stepDays: 0.005, period: 3.3, epoch: 1.1, duration: 0.1, depth: 0, noise: 0.004, seed: 4 });
    const dip = boxSeries({ spanDays: 30, stepDays: 0.005, period: 3.3, epoch: 1.1, duration: 0.1, depth: 0.003, noise: 0.004, seed: 4 });
    expect(boxLeastSquares(dip).candidate!.sde).toBeGreaterThan(boxLeastSquares(flat).candidate!.sde + 5);
  });

  it("has no candidate when the baseline is too short for two transits", () => {
    const series = boxSeries({ spanDays: 0.8, stepDays: 0.01, period: 5, epoch: 0.3, duration: 0.1, depth: 0.01, noise: 0.002, seed: 1 });
    expect(boxLeastSquares(series).candidate).toBeUndefined();
  });
});
