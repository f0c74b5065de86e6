/**
 * The fit starts from three impact parameters (0.2, 0.5, 0.8) and keeps the lowest χ². Each end of
 * that range has a light curve where its start alone falls into a local minimum:
 * - a small planet on a grazing-ish chord (b = 0.8) with a BLS box too long for it: from b = 0.2 the
 *   fit slides to a chord that barely touches the star (Rp/R* → 0), the transit lost;
 * - a central transit (b = 0) at high signal-to-noise with a box too short for it: from b = 0.8 the
 *   fit settles on a grazing chord of a planet four times too large (χ²_ν ≈ 4).
 */
import { describe, expect, it } from "vitest";
import { fitTransit, totalDurationDays } from "../../../runtime/analysis/transitFit.js";
import { CHANNEL_LIMB_DARKENING } from "../../../runtime/core/limbDarkening.js";
import { transitFluxAt } from "../../../runtime/core/transitModel.js";
import { gaussianNoise } from "./gaussianNoise.js";

const LD = CHANNEL_LIMB_DARKENING.G;

interface Planet {
  radiusRatio: number;
  semiMajorAxisStellarRadii: number;
  impactParameter: number;
}

const PERIOD_DAYS = 3.5;
const EPOCH_BJD = 2461000.3;

/**
 * Four transits of `planet`, each seen from before its ingress to after its egress (at least ±3 h) at
 * 2-min cadence with Gaussian noise of `noise`, and the BLS box a search would give: the transit's
 * depth at its deepest sampled point, `boxScale` times its duration, a bit off in epoch and period.
 */
function observed(planet: Planet, noise: number, boxScale: number, seed: number) {
  const model = { ...planet, periodDays: PERIOD_DAYS, epochBjd: EPOCH_BJD, inclinationDeg: (Math.acos(planet.impactParameter / planet.semiMajorAxisStellarRadii) * 180) / Math.PI, ...LD };
  const duration = totalDurationDays(PERIOD_DAYS, planet.radiusRatio, planet.impactParameter, planet.semiMajorAxisStellarRadii);
  const half = Math.max(0.125, duration);
  const draw = gaussianNoise(seed);
  const times: number[] = [];
  for (let n = 0; n < 4; n++) for (let t = -half; t <= half; t += 2 / 1440) times.push(EPOCH_BJD + n * PERIOD_DAYS + t);
  const time = Float64Array.from(times);
  const series = { time, flux: time.map((t) => transitFluxAt(t, model) + noise * draw()), sigma: new Float64Array(time.length).fill(noise) };
  const box = { periodDays: PERIOD_DAYS + 0.0006, epoch: EPOCH_BJD + 0.004, durationDays: duration * boxScale, depth: 1 - Math.min(...Array.from(time, (t) => transitFluxAt(t, model))) };
  return { series, box };
}

describe("fitTransit's starting impact parameters", () => {
  /** Rp/R* 0.05 (a hot Neptune's depth, 0.25 %) on a close orbit (a/R* 5) at b = 0.8. */
  const neptune: Planet = { radiusRatio: 0.05, semiMajorAxisStellarRadii: 5, impactParameter: 0.8 };
  // With seed 1's noise the b = 0.2 start ends at Rp/R* 0.001, χ²_ν 1.27; another start finds the transit.
  it.each([1, 2, 3])("finds a small planet at b = 0.8 from a box 1.4 times too long: Rp/R* within 3σ, χ²_ν near 1 (seed %i)", (seed) => {
    const { series, box } = observed(neptune, 0.003, 1.4, seed);
    const fit = fitTransit(series, box, LD)!;
    expect(Math.abs(fit.radiusRatio.value - neptune.radiusRatio)).toBeLessThan(3 * fit.radiusRatio.sigma);
    expect(fit.radiusRatio.value).toBeGreaterThan(0.03);
    expect(fit.reducedChiSquare).toBeLessThan(1.2);
  });

  /** HD 209458 b's orbit (Torres, Winn & Holman 2008, ApJ 677, 1324: a/R* 8.8), Rp/R* 0.1, on a central chord. */
  const central: Planet = { radiusRatio: 0.1, semiMajorAxisStellarRadii: 8.8, impactParameter: 0 };
  // With seed 1's noise the b = 0.8 start ends at Rp/R* 0.43, b 1.27, χ²_ν 3.97; another start finds the transit.
  it("finds a central transit at 0.1 % noise from a box 0.6 times its length: Rp/R* within 3σ, χ²_ν near 1", () => {
    const { series, box } = observed(central, 0.001, 0.6, 1);
    const fit = fitTransit(series, box, LD)!;
    expect(Math.abs(fit.radiusRatio.value - central.radiusRatio)).toBeLessThan(3 * fit.radiusRatio.sigma);
    expect(fit.reducedChiSquare).toBeLessThan(1.2);
  });
});
