/**
 * The null trials are few (6 to 18), so the Gumbel law's scale must come from the unbiased sample
 * variance (divided by n − 1): with n this small a larger divisor shrinks the scale (n + 1 by
 * 15 % at n = 6), thins the law's tail and makes a candidate's peak look rarer than it is.
 * falseAlarm.test.ts checks the fit on 4,000 draws, where the divisor cannot show. Method of
 * moments for the Gumbel law (Gumbel 1958, "Statistics of Extremes"; NIST/SEMATECH e-Handbook of
 * Statistical Methods §1.3.6.6.16): mean = μ + γβ, variance = π²β²/6.
 */
import { describe, expect, it } from "vitest";
import { fitGumbel } from "../../../runtime/analysis/falseAlarm.js";

const EULER_MASCHERONI = 0.5772156649015329;

/** Mean and unbiased (n − 1) variance of a sample, computed here on their own. */
function sampleMoments(xs: readonly number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) };
}

describe("fitGumbel on a handful of null maxima", () => {
  it.each([[[1, 2, 3]], [[10, 12]], [[14.2, 11.9, 17.5, 13.1, 12.6, 15.8]]])("matches the sample's mean and unbiased variance (%j)", (maxima) => {
    const { mean, variance } = sampleMoments(maxima);
    const law = fitGumbel(maxima);
    expect((Math.PI ** 2 * law.scale ** 2) / 6).toBeCloseTo(variance, 10);
    expect(law.location + EULER_MASCHERONI * law.scale).toBeCloseTo(mean, 10);
  });
});
