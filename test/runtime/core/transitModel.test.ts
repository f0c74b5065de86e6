import { describe, expect, it } from "vitest";
import { projectedSeparation, transitFlux, transitFluxAt, type TransitModel } from "../../../runtime/core/transitModel.js";

describe("transitFlux", () => {
  // Reference values for p = 0.1, u1 = 0.1, u2 = 0.3 from the Mandel & Agol (2002, ApJ 580, L171)
  // quadratic model as computed by the batman package (Kreidberg 2015, PASP 127, 1161).
  it.each([
    [0, 0.98909367],
    [0.5, 0.98930527],
    [0.95, 0.99306619],
    [1.05, 0.99851855],
  ])("matches Mandel & Agol / batman at z = %f", (z, expected) => {
    expect(Math.abs(transitFlux(z, 0.1, 0.1, 0.3) - expected)).toBeLessThan(1e-6);
  });

  it("is 1 - p² for a uniform disc with the planet fully inside (geometry alone)", () => {
    expect(transitFlux(0.3, 0.1, 0, 0)).toBeCloseTo(1 - 0.01, 9);
  });

  it("is exactly 1 once the discs no longer overlap, and rejects a negative z", () => {
    expect(transitFlux(1.1, 0.1, 0.4, 0.2)).toBe(1);
    expect(transitFlux(5, 0.1, 0.4, 0.2)).toBe(1);
    expect(() => transitFlux(-0.1, 0.1, 0.4, 0.2)).toThrow(/z >= 0/);
  });

  it("rises monotonically from the centre to the limb (limb darkening)", () => {
    let previous = 0;
    for (let z = 0; z <= 1.1; z += 0.01) {
      const flux = transitFlux(z, 0.12, 0.5, 0.2);
      expect(flux).toBeGreaterThanOrEqual(previous - 1e-12);
      previous = flux;
    }
  });
});

describe("transitFluxAt", () => {
  const model: TransitModel = {
    periodDays: 2,
    epochBjd: 2460000,
    radiusRatio: 0.1,
    semiMajorAxisStellarRadii: 10,
    inclinationDeg: 90,
    u1: 0.1,
    u2: 0.3,
  };

  it("is at its deepest at the epoch and every period later, and flat half a period away", () => {
    expect(transitFluxAt(2460000, model)).toBeCloseTo(transitFlux(0, 0.1, 0.1, 0.3), 12);
    expect(transitFluxAt(2460000 + 10 * 2, model)).toBeCloseTo(transitFlux(0, 0.1, 0.1, 0.3), 9);
    expect(transitFluxAt(2460001, model)).toBe(1); // secondary eclipse side: no primary transit
  });

  it("places the planet at impact parameter a cos i at mid-transit", () => {
    const b = projectedSeparation(2460000, { ...model, inclinationDeg: 87 });
    expect(b).toBeCloseTo(10 * Math.cos((87 * Math.PI) / 180), 12);
  });
});
