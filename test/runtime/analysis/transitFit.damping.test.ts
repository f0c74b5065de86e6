/**
 * The fit is Levenberg–Marquardt: a step that does not lower χ² is retried with the curvature's
 * diagonal scaled by (1 + λ) for a larger λ, so the step shrinks towards steepest descent
 * (Marquardt 1963, J. Soc. Indust. Appl. Math. 11, 431). From a box close to the transit the first
 * steps succeed and λ stays small; from a BLS box half an hour off in epoch, on a transit at
 * b = 0.8 (its ingress and egress long), steps are refused and λ must grow for the fit to get there.
 */
import { describe, expect, it } from "vitest";
import { fitTransit, totalDurationDays } from "../../../runtime/analysis/transitFit.js";
import { CHANNEL_LIMB_DARKENING } from "../../../runtime/core/limbDarkening.js";
import { transitFluxAt } from "../../../runtime/core/transitModel.js";
import { gaussianNoise } from "./gaussianNoise.js";

const LD = CHANNEL_LIMB_DARKENING.G;
/** HD 209458 b's size and orbit (Torres, Winn & Holman 2008, ApJ 677, 1324: Rp/R* 0.121, a/R* 8.8), rounded, on a chord at b = 0.8. */
const TRUE = { periodDays: 3.5, epochBjd: 2461000.3, radiusRatio: 0.12, semiMajorAxisStellarRadii: 8.8, impactParameter: 0.8 };
const inclinationDeg = (Math.acos(TRUE.impactParameter / TRUE.semiMajorAxisStellarRadii) * 180) / Math.PI;
const duration = totalDurationDays(TRUE.periodDays, TRUE.radiusRatio, TRUE.impactParameter, TRUE.semiMajorAxisStellarRadii);

/** Four transits seen ±3.6 h at 2-min cadence with 0.3 % noise. */
function observed() {
  const noise = gaussianNoise(1);
  const times: number[] = [];
  for (let n = 0; n < 4; n++) for (let t = -0.15; t <= 0.15; t += 2 / 1440) times.push(TRUE.epochBjd + n * TRUE.periodDays + t);
  const time = Float64Array.from(times);
  const model = { ...TRUE, inclinationDeg, ...LD };
  return { time, flux: time.map((t) => transitFluxAt(t, model) + 0.003 * noise()), sigma: new Float64Array(time.length).fill(0.003) };
}

describe("fitTransit's damping", () => {
  it("reaches the transit from a box 29 minutes off in epoch: Rp/R* and b within 3σ, χ²_ν near 1", () => {
    const box = { periodDays: 3.5006, epoch: TRUE.epochBjd + 0.02, durationDays: duration * 0.85, depth: TRUE.radiusRatio ** 2 };
    const fit = fitTransit(observed(), box, LD)!;
    expect(Math.abs(fit.radiusRatio.value - TRUE.radiusRatio)).toBeLessThan(3 * fit.radiusRatio.sigma);
    expect(Math.abs(fit.impactParameter.value - TRUE.impactParameter)).toBeLessThan(3 * fit.impactParameter.sigma);
    expect(fit.reducedChiSquare).toBeLessThan(1.2);
  });
});
