import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../../scripts/mutationSample/wilsonInterval.js";

describe("wilsonInterval", () => {
  // R. G. Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
  // methods", Statistics in Medicine 17:857–872 (1998), Table II, method 3 (Wilson score interval
  // without continuity correction), its four worked examples, given to 4 decimals.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])("%i of %i gives Newcombe's 95%% interval %f–%f", (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
    expect(interval.estimate).toBe(successes / trials);
  });

  it("is symmetric: n of n mirrors 0 of n, and stays inside [0, 1]", () => {
    const none = wilsonInterval(0, 20);
    const all = wilsonInterval(20, 20);
    expect(all.low).toBeCloseTo(1 - none.high, 12);
    expect(all.high).toBe(1);
    expect(none.low).toBe(0);
  });

  it("narrows as the sample grows at the same proportion", () => {
    const small = wilsonInterval(30, 40);
    const large = wilsonInterval(300, 400);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeGreaterThan(small.low);
  });

  it.each([
    [1, 0, /trials 0 is not a positive integer/],
    [5, 4, /successes 5 is not an integer between 0 and trials 4/],
    [-1, 4, /successes -1/],
    [1.5, 4, /successes 1.5/],
  ])("rejects %f of %f", (successes, trials, message) => {
    expect(() => wilsonInterval(successes, trials)).toThrow(message);
  });
});
