import { describe, expect, it } from "vitest";
import { boxLeastSquares } from "../../../runtime/analysis/bls.js";
import { resolveAliases } from "../../../runtime/analysis/periodAliases.js";
import { everyDay, nightlySeries } from "./nightlySeries.js";

/** A 1 %-deep, 2-h transit every 4 d at t = 0.2 + 4n, seen through 8-h nights at 15-min cadence. */
const planet = { period: 4, epoch: 0.2, duration: 2 / 24, depth: 0.01, hours: 8, cadenceDays: 15 / 1440, noise: 0.002 };

describe("resolveAliases", () => {
  it("prefers 2P when P's odd epochs were observed and show no transit", () => {
    const series = nightlySeries({ ...planet, days: everyDay(17), seed: 1 });
    const { chosen, aliases } = resolveAliases(series, { periodDays: 2, epoch: 0.2, durationDays: planet.duration });
    expect(chosen.periodDays).toBe(4);
    expect(chosen.epoch).toBeCloseTo(0.2, 9);
    expect(aliases).toEqual([]);
  });

  it("rules 2P out when the odd epochs show the transit too", () => {
    const series = nightlySeries({ ...planet, period: 2, days: everyDay(17), seed: 2 });
    const { chosen, aliases } = resolveAliases(series, { periodDays: 2, epoch: 0.2, durationDays: planet.duration });
    expect(chosen.periodDays).toBe(2);
    expect(aliases.map((a) => a.factor)).not.toContain(2);
  });

  it("names 2P an alias when the odd epochs were not observed", () => {
    // Nights only around t = 0.2 + 4n: the epochs 2 + 4n of P = 2 d fall on nights never observed.
    const series = nightlySeries({ ...planet, days: [0, 4, 8, 12, 16], seed: 3 });
    const { chosen, aliases } = resolveAliases(series, { periodDays: 2, epoch: 0.2, durationDays: planet.duration });
    expect(chosen.periodDays).toBe(2);
    expect(aliases).toContainEqual({ factor: 2, periodDays: 4, evidence: "unobserved" });
  });
});

describe("boxLeastSquares period aliases", () => {
  it("reports the shortest period the data allow, and names the true one as its alias", () => {
    // HD 189733 b after 3 nights was reported at P/3 with no warning. Here every transit of a
    // 4-d planet fell on an observed night, no night between: 4/3 d fits as well, and says so.
    const series = nightlySeries({ ...planet, days: [0, 4, 8, 12, 16], seed: 4 });
    const { candidate } = boxLeastSquares(series);
    const multiple = candidate!.periodDays * Math.round(4 / candidate!.periodDays);
    expect(Math.abs(multiple - 4)).toBeLessThan(0.01);
    expect(candidate!.periodDays).toBeLessThan(4);
    const alias = candidate!.aliases!.find((a) => Math.abs(a.periodDays - 4) < 0.01);
    expect(alias).toMatchObject({ evidence: "unobserved" });
  });
});
