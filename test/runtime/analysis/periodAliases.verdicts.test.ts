/**
 * resolveAliases' verdicts on noise-free series built epoch by epoch, so that each rule decides
 * the outcome alone (periodAliases.test.ts checks the main outcomes on noisy nightly data): the
 * preferred multiple's epoch, the two-transit rule per class, the minimum points of an observed
 * class, a partial dip in one class of three, and "inconclusive".
 */
import { describe, expect, it } from "vitest";
import { resolveAliases } from "../../../runtime/analysis/periodAliases.js";
import type { Series } from "../../../runtime/analysis/transitStatistics.js";

/** Three points in transit (±0.03 d of mid-transit, duration 0.1 d), five outside. */
const IN = [-0.03, 0, 0.03];
const OUT = [-0.3, -0.2, 0.2, 0.3, 0.4];
const DURATION = 0.1;

interface Epoch {
  /** Epoch number k: mid-transit at epoch + k·P. */
  k: number;
  /** Depth of the dip at this epoch (0: flat). */
  depth?: number;
  sigma?: number;
  /** Observed only out of transit. */
  outOnly?: boolean;
}

function seriesOf(periodDays: number, epoch: number, epochs: Epoch[]): Series {
  const points: [number, number, number][] = [];
  for (const { k, depth = 0, sigma = 0.001, outOnly = false } of epochs) {
    const mid = epoch + k * periodDays;
    if (!outOnly) for (const offset of IN) points.push([mid + offset, 1 - depth, sigma]);
    for (const offset of OUT) points.push([mid + offset, 1, sigma]);
  }
  points.sort((a, b) => a[0] - b[0]);
  return { time: Float64Array.from(points, (p) => p[0]), flux: Float64Array.from(points, (p) => p[1]), sigma: Float64Array.from(points, (p) => p[2]) };
}

const range = (n: number) => Array.from({ length: n }, (_, k) => k);

describe("resolveAliases on noise-free epochs", () => {
  it("prefers 2P with its epoch on the class that holds the transits (odd epochs here)", () => {
    // P = 1.5 d, epoch 0.9: dips at odd k only. 2P's epoch is 0.9 + 1.5 = 2.4.
    const series = seriesOf(1.5, 0.9, range(8).map((k) => ({ k, depth: k % 2 === 1 ? 0.01 : 0 })));
    const { chosen, aliases } = resolveAliases(series, { periodDays: 1.5, epoch: 0.9, durationDays: DURATION });
    expect(chosen.periodDays).toBe(3);
    expect(chosen.epoch).toBeCloseTo(2.4, 9);
    expect(chosen.durationDays).toBe(DURATION);
    expect(aliases).toEqual([]);
  });

  it("needs two transit epochs in a class, counting only epochs observed in transit, and three points to call a class observed", () => {
    // P = 1: a dip at k = 0 only; k = 1 and 3 flat; k = 2 seen out of transit only.
    // 2P: class 0 holds one epoch in transit (0; night 2 does not count) → ruled out.
    // 3P: class 0 holds 0 and 3 (one dipped), class 1 holds k = 1 with exactly 3 points, flat → preferred.
    const series = seriesOf(1, 0.5, [{ k: 0, depth: 0.01 }, { k: 1 }, { k: 2, outOnly: true }, { k: 3 }]);
    const { chosen, aliases } = resolveAliases(series, { periodDays: 1, epoch: 0.5, durationDays: DURATION });
    expect(chosen.periodDays).toBe(3);
    expect(chosen.epoch).toBeCloseTo(0.5, 9);
    expect(aliases).toEqual([]);
  });

  it("rules a multiple out when any other class shows a significant dip, even a partial one", () => {
    // Dips by k mod 3: 1 %, 0.5 % (significant), none. 3P is ruled out by class 1, so is 2P.
    const depths = [0.01, 0.005, 0];
    const series = seriesOf(1, 0.5, range(10).map((k) => ({ k, depth: depths[k % 3] })));
    const { chosen, aliases } = resolveAliases(series, { periodDays: 1, epoch: 0.5, durationDays: DURATION });
    expect(chosen.periodDays).toBe(1);
    expect(aliases.map((a) => a.factor)).not.toContain(3);
    expect(aliases.map((a) => a.factor)).not.toContain(2);
  });

  it("calls a multiple inconclusive when the other class is too noisy to show a dip or its absence", () => {
    // Odd epochs: a 0.2 % dip under 2 % errors (class error 0.02/√15 = 0.5 %): neither a 3σ dip nor 3σ shallower.
    const series = seriesOf(1, 0.5, range(10).map((k) => (k % 2 === 0 ? { k, depth: 0.01 } : { k, depth: 0.002, sigma: 0.02 })));
    const { chosen, aliases } = resolveAliases(series, { periodDays: 1, epoch: 0.5, durationDays: DURATION });
    expect(chosen.periodDays).toBe(1);
    expect(aliases).toContainEqual({ factor: 2, periodDays: 2, evidence: "inconclusive" });
  });

  it("rules every multiple out when no class has enough points, and looks at none for an empty series", () => {
    const series = seriesOf(1, 0.5, range(6).map((k) => ({ k, depth: k % 2 === 0 ? 0.01 : 0 })));
    const ephemeris = { periodDays: 1, epoch: 0.5, durationDays: DURATION };
    expect(resolveAliases(series, ephemeris, 1000)).toEqual({ chosen: ephemeris, aliases: [] });
    const empty = { time: new Float64Array(0), flux: new Float64Array(0), sigma: new Float64Array(0) };
    expect(resolveAliases(empty, ephemeris)).toEqual({ chosen: ephemeris, aliases: [] });
  });
});
