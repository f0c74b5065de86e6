/**
 * The fit starts from three impact parameters and keeps the lowest χ². A small planet on a grazing-ish
 * chord with a BLS box too long for it is where this matters: from b = 0.2 the fit slides to a
 * chord that barely touches the star (b → 1, Rp/R* → 0), a local minimum with the transit lost.
 */
import { describe, expect, it } from "vitest";
import { fitTransit, totalDurationDays } from "../../../runtime/analysis/transitFit.js";
import { CHANNEL_LIMB_DARKENING } from "../../../runtime/core/limbDarkening.js";
import { transitFluxAt } from "../../../runtime/core/transitModel.js";
import { gaussianNoise } from "./gaussianNoise.js";

const LD = CHANNEL_LIMB_DARKENING.G;
/** Rp/R* 0.05 (a hot Neptune's depth, 0.25 %) on a close orbit (a/R* 5) at b = 0.8. */
const TRUE = { periodDays: 3.5, epochBjd: 2461000.3, radiusRatio: 0.05, semiMajorAxisStellarRadii: 5, impactParameter: 0.8 };
const inclinationDeg = (Math.acos(TRUE.impactParameter / TRUE.semiMajorAxisStellarRadii) * 180) / Math.PI;
const duration = totalDurationDays(TRUE.periodDays, TRUE.radiusRatio, TRUE.impactParameter, TRUE.semiMajorAxisStellarRadii);

const model = { ...TRUE, inclinationDeg, ...LD };

/** Four transits, each seen for twice its duration (3.7 h either side) at 2-min cadence, with 0.3 % noise. */
function observed(seed: number) {
  const noise = gaussianNoise(seed);
  const times: number[] = [];
  for (let n = 0; n < 4; n++) for (let t = -duration; t <= duration; t += 2 / 1440) times.push(TRUE.epochBjd + n * TRUE.periodDays + t);
  const time = Float64Array.from(times);
  return { time, flux: time.map((t) => transitFluxAt(t, model) + 0.003 * noise()), sigma: new Float64Array(time.length).fill(0.003) };
}

/** The BLS box: the transit's true depth, 40 % longer than it, a bit off in epoch and period. */
const box = { periodDays: 3.5006, epoch: TRUE.epochBjd + 0.004, durationDays: duration * 1.4, depth: 1 - transitFluxAt(TRUE.epochBjd, model) };

describe("fitTransit's starting impact parameters", () => {
  // With seed 1's noise the b = 0.2 start ends at Rp/R* 0.001, χ²/dof 1.27; another start finds the transit.
  it.each([1, 2, 3])("keeps the start with the lowest χ²: Rp/R* within 3σ and χ²/dof near 1, not a lost transit (seed %i)", (seed) => {
    const fit = fitTransit(observed(seed), box, LD)!;
    expect(Math.abs(fit.radiusRatio.value - TRUE.radiusRatio)).toBeLessThan(3 * fit.radiusRatio.sigma);
    expect(fit.radiusRatio.value).toBeGreaterThan(0.03);
    expect(fit.reducedChiSquare).toBeLessThan(1.2);
  });
});
