/**
 * Completeness on a star with a planet injects into the star's data without its own transits. The
 * mask must take out those transits (1.5 durations wide) and nothing more: a mask too wide leaves
 * little or no data to inject into, and every cell of the grid would then read "not recovered".
 * completeness.test.ts checks that enough is masked and the planet gone; this checks that what
 * stays is exactly the data away from the candidate's transits.
 */
import { describe, expect, it } from "vitest";
import { pointTimesBjd } from "../../../runtime/analysis/injectedSignal.js";
import { injectionContext } from "../../../runtime/analysis/injectionRecovery.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

/** Half the masked window of a transit, in candidate durations. */
const HALF_MASK_DURATIONS = 1.5 / 2;

describe("the injection context of a star with a planet", () => {
  it("drops the points within 0.75 candidate durations of its transits and keeps all the others", () => {
    // Eight 8-h nights, two cameras, a 2.4 %, 1.67-h transit every 1.37 d (syntheticStars.ts).
    const star = syntheticMasterLightCurve(DASHBOARD_STARS[0]!);
    const context = injectionContext(star, { falseAlarm: false, fit: false });
    const own = context.ownCandidate!;
    expect(own).toBeDefined();
    const halfWindowDays = (HALF_MASK_DURATIONS * own.durationHours) / 24;
    /** Days from t to the nearest mid-transit of the star's own candidate, computed here. */
    const fromTransit = (t: number) => {
      const cycles = (t - own.epochBjd) / own.periodDays;
      return Math.abs(cycles - Math.round(cycles)) * own.periodDays;
    };
    const all = [...pointTimesBjd(star)];
    const kept = [...context.timeBjd];
    const margin = 1e-9;
    expect(kept.every((t) => fromTransit(t) >= halfWindowDays - margin)).toBe(true);
    expect(kept.length).toBe(all.filter((t) => fromTransit(t) >= halfWindowDays + margin).length);
    expect(kept.length).toBeGreaterThan(all.length / 2);
  });
});
