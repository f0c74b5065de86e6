/**
 * The Wilson score interval for a binomial proportion (E. B. Wilson, "Probable inference, the law
 * of succession, and statistical inference", JASA 22:209–212, 1927; method 3 of R. G. Newcombe,
 * "Two-sided confidence intervals for the single proportion: comparison of seven methods",
 * Statistics in Medicine 17:857–872, 1998). Unlike p ± z·√(p(1−p)/n) it stays inside [0, 1] and
 * keeps its coverage near 0 and 1, where mutation scores of a sample often sit.
 */

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution. */
export const Z_95 = 1.959963984540054;

export interface Proportion {
  estimate: number;
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, trials: number, z = Z_95): Proportion {
  if (!Number.isInteger(trials) || trials < 1) throw new Error(`trials ${trials} is not a positive integer`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new Error(`successes ${successes} is not an integer between 0 and trials ${trials}`);
  }
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { estimate: p, low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}
