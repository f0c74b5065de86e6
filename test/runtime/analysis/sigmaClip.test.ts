import { describe, expect, it } from "vitest";
import { MAD_TO_SIGMA, robustScale, sigmaClip } from "../../../runtime/analysis/sigmaClip.js";
import { gaussianNoise } from "./gaussianNoise.js";

describe("robustScale", () => {
  it("estimates a Gaussian's sigma from 1.4826·MAD", () => {
    // For a normal distribution MAD = 0.67449·σ (Rousseeuw & Croux 1993), hence 1.4826·MAD ≈ σ.
    const noise = gaussianNoise(1);
    const values = Array.from({ length: 20000 }, () => 5 + 0.01 * noise());
    const { median, sigma } = robustScale(values);
    expect(median).toBeCloseTo(5, 3);
    expect(sigma).toBeGreaterThan(0.0098);
    expect(sigma).toBeLessThan(0.0102);
    expect(MAD_TO_SIGMA).toBe(1.4826);
  });
});

describe("sigmaClip", () => {
  const noise = gaussianNoise(2);
  const values = Array.from({ length: 1000 }, () => 1 + 0.001 * noise());
  values[10] = 1.05; // a cosmic ray
  values[20] = 0.95; // a transit-like dip

  it("clips upper outliers only by default, so dips survive", () => {
    const keep = sigmaClip(values);
    expect(keep[10]).toBe(0);
    expect(keep[20]).toBe(1);
  });

  it("clips both sides when asked, and keeps points dropped on input dropped", () => {
    const initial = new Uint8Array(values.length).fill(1);
    initial[5] = 0;
    const keep = sigmaClip(values, { lower: true }, initial);
    expect([keep[5], keep[10], keep[20]]).toEqual([0, 0, 0]);
    expect(keep.reduce((a, b) => a + b, 0)).toBeGreaterThan(990);
  });
});
