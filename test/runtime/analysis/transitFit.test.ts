import { describe, expect, it } from "vitest";
import { fitTransit, fittedTransitCurve, totalDurationDays } from "../../../runtime/analysis/transitFit.js";
import { CHANNEL_LIMB_DARKENING } from "../../../runtime/core/limbDarkening.js";
import { transitFluxAt } from "../../../runtime/core/transitModel.js";
import { gaussianNoise } from "./gaussianNoise.js";

const LD = CHANNEL_LIMB_DARKENING.G;
/** A hot Jupiter like HD 209458 b (Torres, Winn & Holman 2008, ApJ 677, 1324: Rp/R* 0.121, a/R* 8.8, b 0.5), rounded. */
const TRUE = { periodDays: 3.5, epochBjd: 2461000.3, radiusRatio: 0.12, semiMajorAxisStellarRadii: 8.8, impactParameter: 0.5 };
const inclinationDeg = (Math.acos(TRUE.impactParameter / TRUE.semiMajorAxisStellarRadii) * 180) / Math.PI;

/** Four transits seen ±3 h at 2-min cadence with 0.3 % noise. */
function observed(seed: number) {
  const noise = gaussianNoise(seed);
  const times: number[] = [];
  for (let n = 0; n < 4; n++) for (let t = -0.125; t <= 0.125; t += 2 / 1440) times.push(TRUE.epochBjd + n * TRUE.periodDays + t);
  const time = Float64Array.from(times);
  const model = { ...TRUE, inclinationDeg, ...LD };
  return { time, flux: time.map((t) => transitFluxAt(t, model) + 0.003 * noise()), sigma: new Float64Array(time.length).fill(0.003) };
}

const duration = totalDurationDays(TRUE.periodDays, TRUE.radiusRatio, TRUE.impactParameter, TRUE.semiMajorAxisStellarRadii);
/** A BLS box as the search would give it: a bit off in epoch, period, duration and depth. */
const box = { periodDays: 3.5006, epoch: TRUE.epochBjd + 0.004, durationDays: duration * 0.85, depth: 0.0125 };

describe("fitTransit", () => {
  it.each([1, 2])("recovers Rp/R*, b, a/R*, epoch and period within 3σ from a BLS box (seed %i)", (seed) => {
    const fit = fitTransit(observed(seed), box, LD)!;
    for (const [name, truth] of [
      ["radiusRatio", TRUE.radiusRatio],
      ["impactParameter", TRUE.impactParameter],
      ["semiMajorAxisStellarRadii", TRUE.semiMajorAxisStellarRadii],
      ["periodDays", TRUE.periodDays],
    ] as const) {
      expect(Math.abs(fit[name].value - truth), name).toBeLessThan(3 * fit[name].sigma);
    }
    const epochs = Math.round((fit.epochBjd.value - TRUE.epochBjd) / TRUE.periodDays);
    expect(Math.abs(fit.epochBjd.value - (TRUE.epochBjd + epochs * TRUE.periodDays))).toBeLessThan(3 * fit.epochBjd.sigma + 3 * epochs * fit.periodDays.sigma);
    // Errors that mean something: Rp/R* to a few percent, not unbounded.
    expect(fit.radiusRatio.sigma).toBeGreaterThan(0);
    expect(fit.radiusRatio.sigma).toBeLessThan(0.01);
    expect(fit.reducedChiSquare).toBeGreaterThan(0.8);
    expect(fit.reducedChiSquare).toBeLessThan(1.2);
    expect(Math.abs(fit.durationHours - duration * 24)).toBeLessThan(0.1);
  });

  it("draws the fitted model: the transit's bottom and its width", () => {
    const fit = fitTransit(observed(1), box, LD)!;
    const [centre, edge, outside] = fittedTransitCurve(fit, [0, duration / 2 - 0.001, duration / 2 + 0.01]);
    const trueCentre = transitFluxAt(TRUE.epochBjd, { ...TRUE, inclinationDeg, ...LD });
    expect(Math.abs(centre! - trueCentre)).toBeLessThan(0.001);
    expect(edge!).toBeGreaterThan(centre!);
    expect(edge!).toBeLessThan(fit.baseline.value);
    expect(outside).toBeCloseTo(fit.baseline.value, 9);
  });

  it("fits nothing where no points lie near the transits", () => {
    const far = observed(1);
    const shifted = { ...box, epoch: box.epoch + 1.7 };
    expect(fitTransit(far, shifted, LD)).toBeUndefined();
  });
});
