import { describe, expect, it } from "vitest";
import { boxLeastSquares } from "../../../runtime/analysis/bls.js";
import { boxSeries } from "./syntheticSeries.js";

/** A 0.3 % box transit every 3.3 d over 20 d at about 30-min cadence; the noise actually drawn is 0.2 %. */
const transit = { spanDays: 20, stepDays: 0.02, period: 3.3, epoch: 1.1, duration: 0.1, depth: 0.003, seed: 11 };
/** Periods around the transit's only, to keep the searches cheap. */
const near = { minPeriodDays: 2.5, maxPeriodDays: 4.5 };
const trueNoise = 0.002;

/** The same data with every error bar set to `sigma`, whatever the scatter really is. */
function withErrorBars(sigma: number) {
  const series = boxSeries({ ...transit, noise: trueNoise });
  return { ...series, sigma: new Float64Array(series.time.length).fill(sigma) };
}

describe("boxLeastSquares: the searched period range", () => {
  it("searches nothing when the shortest and longest trial periods are equal", () => {
    const series = boxSeries({ ...transit, noise: trueNoise });
    const result = boxLeastSquares(series, { minPeriodDays: 3.3, maxPeriodDays: 3.3 });
    expect(result.periodDays).toHaveLength(0);
    expect(result.power).toHaveLength(0);
    expect(result.candidate).toBeUndefined();
  });

  it("treats a series whose half-baseline is exactly the shortest trial period (0.5 d) as too short", () => {
    // 0..1 d every 0.01 d: the default longest period, half the baseline, is 0.5 d, the default shortest.
    const series = boxSeries({ spanDays: 1, stepDays: 0.01, period: 0.5, epoch: 0.25, duration: 0.05, depth: 0.01, noise: 0.001, seed: 2 });
    expect(series.time.at(-1)! - series.time[0]!).toBe(1);
    const result = boxLeastSquares(series);
    expect(result.periodDays).toHaveLength(0);
    expect(result.candidate).toBeUndefined();
  });
});

describe("boxLeastSquares: the SNR when the error bars are wrong", () => {
  // The SNR's sigmas are scaled by sqrt(reduced χ²) when the scatter exceeds them (TransitCandidate.snr),
  // so understated error bars cannot inflate it: the candidate threshold (README, SNR ≥ 7.1,
  // Jenkins et al. 2002) holds for a pipeline whose per-point σ are too small.
  const search = (sigma: number) => boxLeastSquares(withErrorBars(sigma), near).candidate!;
  // Searched inside each test (not once for the file) so that mutation testing sees which test covers what.

  it("gives the same SNR whether the error bars understate the scatter two- or fourfold", () => {
    const [half, quarter] = [search(trueNoise / 2), search(trueNoise / 4)];
    expect(half.periodDays).toBeCloseTo(quarter.periodDays, 9);
    expect(half.depthSigma / quarter.depthSigma).toBeCloseTo(2, 9);
    expect(half.snr / quarter.snr).toBeCloseTo(1, 6);
  });

  it("gives understated error bars about the SNR that honest ones give", () => {
    const [honest, quarter] = [search(trueNoise), search(trueNoise / 4)];
    expect(Math.abs(honest.periodDays - transit.period)).toBeLessThan(0.01);
    expect(quarter.snr / honest.snr).toBeGreaterThan(0.9);
    expect(quarter.snr / honest.snr).toBeLessThan(1.1);
    // Taken at face value, σ/4 would have made the SNR four times the honest one.
    expect(quarter.depth / quarter.depthSigma / honest.snr).toBeGreaterThan(3.5);
  });

  it("does not scale the SNR up when the error bars overstate the scatter", () => {
    const [honest, doubled] = [search(trueNoise), search(2 * trueNoise)];
    expect(doubled.snr / honest.snr).toBeCloseTo(0.5, 1);
  });
});

describe("boxLeastSquares: durations and points per box", () => {
  it("searches only the trial durations not shorter than the sampling, when some are", () => {
    // Sampled every 72 min: the 1-h trial duration is dropped, the 1.5- to 4-h ones are kept, so a
    // 3-h transit is measured as about 3 h (not as one 72-min cadence).
    const series = boxSeries({ spanDays: 30, stepDays: 0.05, period: 2.7, epoch: 0.4, duration: 0.125, depth: 0.01, noise: 0.001, seed: 5 });
    const candidate = boxLeastSquares(series, { minPeriodDays: 2, maxPeriodDays: 3.5 }).candidate!;
    expect(Math.abs(candidate.periodDays - 2.7)).toBeLessThan(0.01);
    expect(candidate.durationDays).toBeGreaterThan(0.1);
    expect(candidate.durationDays).toBeLessThan(0.15);
  });

  it("counts no box with fewer than minInTransitPoints points, and then has no candidate but still a periodogram", () => {
    const series = boxSeries({ ...transit, noise: trueNoise });
    const result = boxLeastSquares(series, { ...near, minInTransitPoints: series.time.length + 1 });
    expect(result.candidate).toBeUndefined();
    expect(result.periodDays.length).toBeGreaterThan(1);
    expect(Array.from(result.power).every((p) => p === 0)).toBe(true);
  });
});
