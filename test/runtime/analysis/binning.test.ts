import { describe, expect, it } from "vitest";
import { binWeighted, weightedMean } from "../../../runtime/analysis/binning.js";

describe("weightedMean", () => {
  it("matches the inverse-variance weighted mean of the issue's reference case", () => {
    // Bevington & Robinson, Data Reduction and Error Analysis, eq. 4.17–4.19:
    // w = [1e4, 2.5e3, 1e4], Σw = 22500, Σw·x = 22350 → 0.993333, σ = 1/√22500 = 0.0066667.
    const { value, sigma } = weightedMean([1, 1.02, 0.98], [0.01, 0.02, 0.01]);
    expect(value).toBeCloseTo(0.993333, 6);
    expect(sigma).toBeCloseTo(0.0066667, 7);
  });

  it("rejects mismatched lengths and is NaN for no points", () => {
    expect(() => weightedMean([1, 2], [1])).toThrow(/2 values but 1 sigmas/);
    expect(weightedMean([], []).value).toBeNaN();
  });
});

describe("binWeighted", () => {
  it("bins unsorted points, weights each bin and drops empty bins and excluded points", () => {
    const position = [10.2, 0.1, 0.3, 10.4, 5.0];
    const value = [2, 1, 3, 4, 100];
    const sigma = [1, 1, 1, 1, 1];
    const keep = [1, 1, 1, 1, 0];
    const binned = binWeighted(position, value, sigma, 1, keep);
    expect(Array.from(binned.count)).toEqual([2, 2]);
    expect(Array.from(binned.value)).toEqual([2, 3]);
    expect(binned.position[0]).toBeCloseTo(0.2, 12);
    expect(binned.position[1]).toBeCloseTo(10.3, 12);
    expect(binned.sigma[0]).toBeCloseTo(1 / Math.SQRT2, 12);
  });

  it("refuses a non-positive width", () => {
    expect(() => binWeighted([1], [1], [1], 0)).toThrow(/bin width must be positive/);
  });
});
