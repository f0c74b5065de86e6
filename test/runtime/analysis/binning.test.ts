import { describe, expect, it } from "vitest";
import { binMedian, binWeighted, weightedMean } from "../../../runtime/analysis/binning.js";

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

describe("binMedian", () => {
  it("takes each bin's median position and value from the smallest kept position, leaving out unkept and non-finite points", () => {
    // Bins of 1 from 10 (point 0 is not kept, so 10 is the origin, not 9): [10,11): 4 points, [12,13): 1, [11,12): none.
    const position = [9, 10.5, 10, 12.2, 10.9, 10.1, 12.5];
    const value = [100, 3, 1, 7, 2, 50, Number.NaN];
    const keep = [0, 1, 1, 1, 1, 1, 1];
    const bins = binMedian(position, value, 1, keep);
    expect(Array.from(bins.count)).toEqual([4, 1]);
    expect(Array.from(bins.value)).toEqual([(2 + 3) / 2, 7]); // 1, 2, 3, 50: even count, mean of the middle two
    expect(Array.from(bins.position)).toEqual([(10.1 + 10.5) / 2, 12.2]);
    expect(binMedian([1, 2], [Number.NaN, Number.NaN], 1).count).toHaveLength(0);
    expect(() => binMedian([1], [1], 0)).toThrow(RangeError);
  });
});
