/**
 * The transit model away from the cases of transitModel.test.ts: an occultor larger than the star,
 * ingress as seen through transitFluxAt, the sky-projected separation off mid-transit at an
 * inclined orbit, an epoch that is not a whole number of periods from zero, and bad radius ratios.
 */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { projectedSeparation, transitFlux, transitFluxAt, type TransitModel } from "../../../runtime/core/transitModel.js";

describe("transitFlux, less common geometry", () => {
  // Mandel & Agol (2002, ApJ 580, L171), eq. (1): λ^e = 1 when 1 + z < p, the star wholly
  // occulted: no light whatever the limb darkening.
  it.each([
    [0, 1.5],
    [0.2, 1.5],
    [0.49, 1.5],
  ])("is 0 when an occultor of radius ratio p covers the whole star (z = %f, p = %f)", (z, p) => {
    expect(transitFlux(z, p, 0.3, 0.2)).toBeCloseTo(0, 9);
    expect(transitFlux(z, p, 0, 0)).toBeCloseTo(0, 9);
  });

  // Same equation for a uniform source (u1 = u2 = 0) partly covered, |1 − p| < z ≤ 1 + p:
  // λ^e = [p² κ0 + κ1 − √((4z² − (1 + z² − p²)²) / 4)] / π, κ1 = acos((1 − p² + z²) / 2z),
  // κ0 = acos((p² + z² − 1) / 2pz), and the flux is 1 − λ^e.
  it.each([
    [1, 1.5],
    [1.2, 1.5],
    [0.8, 1.2],
    [1.05, 0.1],
  ])("loses the lens-shaped overlap of a uniform disc at z = %f, p = %f", (z, p) => {
    const kappa1 = Math.acos((1 - p * p + z * z) / (2 * z));
    const kappa0 = Math.acos((p * p + z * z - 1) / (2 * p * z));
    const lambda = (p * p * kappa0 + kappa1 - Math.sqrt((4 * z * z - (1 + z * z - p * p) ** 2) / 4)) / Math.PI;
    expect(transitFlux(z, p, 0, 0)).toBeCloseTo(1 - lambda, 7);
  });

  it.each([
    [0.5, 0],
    [0.5, -0.1],
    [0.5, Number.NaN],
    [Number.NaN, 0.1],
  ])("refuses z = %f with p = %f, naming both", (z, p) => {
    expect(() => transitFlux(z, p, 0.1, 0.3)).toThrow(`transitFlux needs z >= 0 and p > 0 (got z=${z}, p=${p})`);
  });
});

describe("projectedSeparation off mid-transit", () => {
  // Winn (2010, "Transits and Occultations", arXiv:1001.2010), eq. (5) for a circular orbit:
  // r_sky = a √(1 − sin²(ω + f) sin² i), with ω + f = π/2 at mid-transit, i.e. φ = ω + f − π/2.
  const winn = (a: number, inclinationDeg: number, phase: number) => a * Math.sqrt(1 - Math.cos(phase) ** 2 * Math.sin((inclinationDeg * Math.PI) / 180) ** 2);

  it.each([
    [60, 1 / 6],
    [85, 0.05],
    [89, -0.1],
  ])("matches Winn's r_sky at i = %f° and %f of a period from the epoch", (inclinationDeg, periods) => {
    const ephemeris = { periodDays: 3, epochBjd: 2460000.25, radiusRatio: 0.1, semiMajorAxisStellarRadii: 10, inclinationDeg };
    expect(projectedSeparation(2460000.25 + periods * 3, ephemeris)).toBeCloseTo(winn(10, inclinationDeg, 2 * Math.PI * periods), 7);
  });

  it("puts a catalog planet at its impact parameter at its published epoch and one period later", () => {
    // HD 189733 b, Agol et al. (2010, ApJ 721, 1861): T0 = 2454279.436714 BJD_TDB, P = 2.21857567 d.
    const planet = CATALOG.find((star) => star.id === "hd189733")!.planet!;
    const impact = planet.semiMajorAxisStellarRadii * Math.cos((planet.inclinationDeg * Math.PI) / 180);
    expect(projectedSeparation(planet.epochBjd, planet)).toBeCloseTo(impact, 9);
    expect(projectedSeparation(planet.epochBjd + planet.periodDays, planet)).toBeCloseTo(impact, 6);
  });
});

describe("transitFluxAt during ingress", () => {
  // batman (Kreidberg 2015, PASP 127, 1161) for p = 0.1, u1 = 0.1, u2 = 0.3 at z = 0.95: 0.99306619
  // (transitModel.test.ts); here reached through the orbit: edge-on, a = 10, sin φ = 0.095.
  const model: TransitModel = { periodDays: 2, epochBjd: 2460000.3, radiusRatio: 0.1, semiMajorAxisStellarRadii: 10, inclinationDeg: 90, u1: 0.1, u2: 0.3 };

  it("dims the star while the planet's disc crosses the limb, before and after mid-transit", () => {
    const offsetDays = (Math.asin(0.095) / (2 * Math.PI)) * model.periodDays;
    expect(Math.abs(transitFluxAt(model.epochBjd - offsetDays, model) - 0.99306619)).toBeLessThan(1e-6);
    expect(Math.abs(transitFluxAt(model.epochBjd + offsetDays, model) - 0.99306619)).toBeLessThan(1e-6);
  });
});
