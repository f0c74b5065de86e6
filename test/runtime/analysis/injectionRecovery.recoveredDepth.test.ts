/**
 * recoveredDepth (injectionRecovery.ts) credits an injection only with the depth it added: the box
 * depth at the injected ephemeris of the analysis with the injection, less that of the analysis
 * without it. A dip the star's series already had there (one too shallow to be flagged, so not
 * masked by injectionContext) must not count as recovered signal. The analyses are given as plain
 * series: the arithmetic is what is under test, the analyses themselves are tested elsewhere.
 */
import { describe, expect, it } from "vitest";
import type { FluxSeries, LightCurveAnalysis } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { recoveredDepth, type InjectionContext, type InjectionOutcome } from "../../../runtime/analysis/injectionRecovery.js";
import { isInTransit } from "../../../runtime/analysis/transitStatistics.js";

const ephemeris = { periodDays: 1, epoch: 2_461_000.5, durationDays: 0.125 };
const timeBjd = Float64Array.from({ length: 240 }, (_, i) => ephemeris.epoch - 0.5 + i / 80);
const inTransit = Array.from(timeBjd, (t) => isInTransit(t, ephemeris));

function series(depth: number): FluxSeries {
  return { flux: Float64Array.from(inTransit, (inside) => (inside ? 1 - depth : 1)), sigma: new Float64Array(timeBjd.length).fill(0.001), keep: new Uint8Array(timeBjd.length).fill(1) };
}
const analysisOf = (combined: FluxSeries) => ({ timeBjd, combined }) as unknown as LightCurveAnalysis;

describe("recoveredDepth", () => {
  it("subtracts the depth the star's own series already had at the injected ephemeris", () => {
    const context = { timeBjd, base: analysisOf(series(0.004)) } as unknown as InjectionContext;
    const outcome: InjectionOutcome = { analysis: analysisOf(series(0.014)), model: series(0.01), keep: new Uint8Array(timeBjd.length).fill(1) };
    const recovery = recoveredDepth(context, outcome, ephemeris);
    expect(recovery.injectedDepth).toBeCloseTo(0.01, 12);
    expect(recovery.recoveredDepth).toBeCloseTo(0.01, 12);
    expect(recovery.inTransitPoints).toBe(inTransit.filter(Boolean).length);
  });
});
