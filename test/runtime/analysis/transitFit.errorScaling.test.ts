/**
 * The fitted parameters' uncertainties are scaled by √χ²_ν when χ²_ν > 1 (the photometric errors
 * underestimated the scatter), and never shrunk when χ²_ν < 1: as the Particle Data Group scales
 * the errors of its averages and fits by S = √(χ²/dof) only when S > 1 (Review of Particle Physics,
 * Introduction, "Averages and fits").
 * Same light curve twice: once with its true errors, once stated at half of them. The second fit's
 * χ²_ν is about 4, and its uncertainties must come out as large as the first's, not half of them.
 */
import { describe, expect, it } from "vitest";
import { fitTransit, totalDurationDays } from "../../../runtime/analysis/transitFit.js";
import { CHANNEL_LIMB_DARKENING } from "../../../runtime/core/limbDarkening.js";
import { transitFluxAt } from "../../../runtime/core/transitModel.js";
import { gaussianNoise } from "./gaussianNoise.js";

const LD = CHANNEL_LIMB_DARKENING.G;
/** A hot Jupiter like HD 209458 b (Torres, Winn & Holman 2008, ApJ 677, 1324: Rp/R* 0.121, a/R* 8.8, b 0.5), rounded. */
const TRUE = { periodDays: 3.5, epochBjd: 2461000.3, radiusRatio: 0.12, semiMajorAxisStellarRadii: 8.8, impactParameter: 0.5 };
const inclinationDeg = (Math.acos(TRUE.impactParameter / TRUE.semiMajorAxisStellarRadii) * 180) / Math.PI;
const NOISE = 0.003;

/** Four transits seen ±3 h at 2-min cadence with 0.3 % noise, its errors stated as `statedSigma`. */
function observed(statedSigma: number) {
  const noise = gaussianNoise(1);
  const times: number[] = [];
  for (let n = 0; n < 4; n++) for (let t = -0.125; t <= 0.125; t += 2 / 1440) times.push(TRUE.epochBjd + n * TRUE.periodDays + t);
  const time = Float64Array.from(times);
  const model = { ...TRUE, inclinationDeg, ...LD };
  return { time, flux: time.map((t) => transitFluxAt(t, model) + NOISE * noise()), sigma: new Float64Array(time.length).fill(statedSigma) };
}

const duration = totalDurationDays(TRUE.periodDays, TRUE.radiusRatio, TRUE.impactParameter, TRUE.semiMajorAxisStellarRadii);
const box = { periodDays: 3.5006, epoch: TRUE.epochBjd + 0.004, durationDays: duration * 0.85, depth: 0.0125 };

describe("fitTransit's uncertainties", () => {
  it("are as large with the errors understated by half (χ²_ν ≈ 4) as with the true errors", () => {
    const honest = fitTransit(observed(NOISE), box, LD)!;
    const understated = fitTransit(observed(NOISE / 2), box, LD)!;
    expect(honest.reducedChiSquare).toBeGreaterThan(0.8);
    expect(honest.reducedChiSquare).toBeLessThan(1.2);
    expect(understated.reducedChiSquare).toBeGreaterThan(3.2);
    expect(understated.reducedChiSquare).toBeLessThan(4.8);
    for (const name of ["radiusRatio", "impactParameter", "semiMajorAxisStellarRadii", "periodDays", "epochBjd"] as const) {
      const ratio = understated[name].sigma / honest[name].sigma;
      expect(ratio, name).toBeGreaterThan(0.85);
      expect(ratio, name).toBeLessThan(1.15);
    }
  });
});
