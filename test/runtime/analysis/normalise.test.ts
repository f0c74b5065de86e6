import { describe, expect, it } from "vitest";
import { normaliseBySegment } from "../../../runtime/analysis/normalise.js";

describe("normaliseBySegment", () => {
  it("divides each segment's values and sigmas by its own median", () => {
    const values = [10, 12, 11, 200, 210, 190];
    const sigmas = [1, 1, 1, 2, 2, 2];
    const segment = [0, 0, 0, 1, 1, 1];
    const { flux, sigma, medians } = normaliseBySegment(values, sigmas, segment, 3);
    expect(Array.from(medians.slice(0, 2))).toEqual([11, 200]);
    expect(medians[2]).toBeNaN();
    expect(flux[0]).toBeCloseTo(10 / 11, 12);
    expect(flux[4]).toBeCloseTo(1.05, 12);
    expect(sigma[3]).toBeCloseTo(0.01, 12);
  });

  it("uses the out-of-transit median when told which points to use", () => {
    // A transit covering most of a short segment drags the plain median down with it.
    const values = [1, 1, 0.98, 0.98, 0.98];
    const use = [1, 1, 0, 0, 0];
    expect(normaliseBySegment(values, values, [0, 0, 0, 0, 0], 1).medians[0]).toBe(0.98);
    const { flux, medians } = normaliseBySegment(values, values, [0, 0, 0, 0, 0], 1, use);
    expect(medians[0]).toBe(1);
    expect(flux[3]).toBeCloseTo(0.98, 12);
  });

  it("falls back to all points of a segment that is entirely excluded", () => {
    expect(normaliseBySegment([2, 4, 6], [1, 1, 1], [0, 0, 0], 1, [0, 0, 0]).medians[0]).toBe(4);
  });

  it("rejects a point that names a segment that does not exist", () => {
    expect(() => normaliseBySegment([1], [1], [3], 1)).toThrow(/point 0 refers to segment 3, but there are 1/);
  });
});
