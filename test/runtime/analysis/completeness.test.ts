import { describe, expect, it } from "vitest";
import { isRecovered, measureCompleteness, measureSuppression, measureTransfer } from "../../../runtime/analysis/completeness.js";
import { centralTransit } from "../../../runtime/analysis/injectedSignal.js";
import { injectionContext } from "../../../runtime/analysis/injectionRecovery.js";
import { randomStream } from "../../../runtime/simulator/random.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// Six 8-h nights of one unit's two cameras, 100-s exposures, white noise of the 2016 levels
// (syntheticStars.ts): a quiet star, small enough for a test to run the analysis a few times.
const quiet = syntheticMasterLightCurve({ pic: "PIC_J0326137+295015", nights: 6, exposures: 288, seed: 11 });
const context = injectionContext(quiet);
const random = () => randomStream("test", "completeness");

describe("injection and recovery on a quiet star", () => {
  it("suppresses no more than 5 % of a 1-h or a 4-h transit's depth (issue 19 goal)", () => {
    const [oneHour, fourHours] = measureSuppression(context, random(), { durationsHours: [1, 4], epochs: 1 });
    expect(oneHour!.suppression).not.toBeNull();
    expect(Math.abs(oneHour!.suppression!)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(fourHours!.suppression!)).toBeLessThanOrEqual(0.05);
  });

  it("the former detrending (a bend allowed over 3.6 h) ate a third or more of a 4-h transit", () => {
    const before = injectionContext(quiet, { detrend: { spanPerOrderDays: 0.15 } });
    const [fourHours] = measureSuppression(before, random(), { durationsHours: [4], epochs: 1 });
    expect(fourHours!.suppression).toBeGreaterThan(0.3);
  });

  it("keeps ≥ 95 % of sinusoids of 1 and 4 h and removes most of a 3-day one (the roll-off)", () => {
    const [one, four, threeDays] = measureTransfer(context, random(), { periodsHours: [1, 4, 72], phases: 2 });
    expect(one!.min).toBeGreaterThanOrEqual(0.95);
    expect(four!.min).toBeGreaterThanOrEqual(0.95);
    expect(threeDays!.ratio).toBeLessThan(0.5);
  });

  it("recovers a deep transit seen every night, not one lost in the noise", () => {
    // P = 0.98 d from 3.6 h into the first night: a transit in each of the six nights.
    const start = context.timeBjd[0]!;
    expect(isRecovered(context, centralTransit(0.98, start + 0.15, 0.15, 2 / 24))).toBe(true);
    expect(isRecovered(context, centralTransit(0.98, start + 0.15, 0.01, 2 / 24))).toBe(false);
  });

  it("gives the same numbers for the same seed", () => {
    const options = { periodsDays: [1.37], radiusRatios: [0.05], trials: 2, mapOnly: true };
    const first = measureCompleteness(quiet, "3", { ...options, seed: 4 });
    expect(first.cells).toEqual([{ periodDays: 1.37, radiusRatio: 0.05, depth: expect.closeTo(0.0025, 12), trials: 2, recovered: expect.any(Number) }]);
    expect(measureCompleteness(quiet, "3", { ...options, seed: 4 })).toEqual(first);
  });
});

describe("injection and recovery on a star with a planet", () => {
  it("masks the star's own candidate before injecting", () => {
    const star = DASHBOARD_STARS[0]!;
    const withPlanet = injectionContext(syntheticMasterLightCurve(star));
    expect(withPlanet.ownCandidate?.periodDays).toBeCloseTo(star.transit!.periodDays, 2);
    const masked = 2 * star.nights * star.exposures - withPlanet.mlc.points.time.length;
    // Several 1.67-h transits, each masked 1.5 durations wide, of 100-s points from two cameras.
    expect(masked).toBeGreaterThan(200);
    expect(withPlanet.base.candidate?.periodDays ?? 0).not.toBeCloseTo(star.transit!.periodDays, 2);
  });
});
