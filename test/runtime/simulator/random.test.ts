import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomStream } from "../../../runtime/simulator/random.js";

const draw = (seed: string, purpose: string, n: number): number[] => {
  const random = randomStream(seed, purpose);
  return Array.from({ length: n }, () => random.next());
};

describe("randomStream", () => {
  it("repeats exactly for the same seed and purpose, and differs for another", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (seed, purpose) => {
        expect(draw(seed, purpose, 8)).toEqual(draw(seed, purpose, 8));
        expect(draw(seed, purpose, 8)).not.toEqual(draw(seed, `${purpose}x`, 8));
      }),
    );
  });

  it("gives uniform numbers in [0, 1) and integers within bounds", () => {
    const random = randomStream("uniform", "test");
    const values = Array.from({ length: 20_000 }, () => random.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 2);
    const dice = Array.from({ length: 6000 }, () => random.integer(1, 6));
    for (let face = 1; face <= 6; face++) expect(dice.filter((d) => d === face).length).toBeGreaterThan(850);
    expect(dice.every((d) => d >= 1 && d <= 6)).toBe(true);
  });

  it("gives standard normal deviates (mean 0, sigma 1)", () => {
    const random = randomStream("gaussian", "test");
    const values = Array.from({ length: 40_000 }, () => random.gaussian());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.02);
  });
});
