import { describe, expect, it } from "vitest";
import { sampleWithoutReplacement, seededRandom } from "../../../scripts/mutationSample/seededSample.js";

const population = Array.from({ length: 1000 }, (_, i) => `m${i}`);

describe("sampleWithoutReplacement", () => {
  it("draws the same sample for the same seed and another for another seed", () => {
    const first = sampleWithoutReplacement(population, 50, 7);
    expect(sampleWithoutReplacement(population, 50, 7)).toEqual(first);
    expect(sampleWithoutReplacement(population, 50, 8)).not.toEqual(first);
  });

  it("draws distinct members of the population, in population order", () => {
    const sample = sampleWithoutReplacement(population, 200, 3);
    expect(sample).toHaveLength(200);
    expect(new Set(sample).size).toBe(200);
    const positions = sample.map((item) => population.indexOf(item));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it("gives every item the same chance: over 10,000 seeds each of 10 items is drawn into a sample of 3 about 3,000 times", () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const drawn = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 10_000; seed++) for (const item of sampleWithoutReplacement(items, 3, seed)) drawn[item]!++;
    // Binomial(10,000, 0.3): standard deviation 46; 5 deviations either side.
    for (const count of drawn) expect(Math.abs(count - 3000)).toBeLessThan(230);
  });

  it("returns the whole population when the sample is not smaller", () => {
    expect(sampleWithoutReplacement(["a", "b"], 5, 1)).toEqual(["a", "b"]);
  });

  it.each([0, -3, 2.5])("rejects sample size %f", (size) => {
    expect(() => sampleWithoutReplacement(population, size, 1)).toThrow(`sample size ${size} is not a positive integer`);
  });
});

describe("seededRandom", () => {
  it("gives floats in [0, 1) spread over the interval", () => {
    const random = seededRandom(42);
    const values = Array.from({ length: 10_000 }, random);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    // Uniform mean 0.5, standard error 0.0029.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.015);
  });
});
