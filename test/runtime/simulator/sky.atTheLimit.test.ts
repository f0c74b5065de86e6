/**
 * visibleInterval counts a star AT the minimum altitude as visible ("at or above", as its doc and
 * the schedule's 30° rule say): a night that begins with a setting star exactly at the limit, or
 * ends with a rising one exactly at it, holds a visible instant; a hair above the limit, none.
 */
import { describe, expect, it } from "vitest";
import { SITES } from "../../../runtime/simulator/network.js";
import { starAltitudeDeg, visibleInterval } from "../../../runtime/simulator/sky.js";

const kittPeak = SITES.find((s) => s.name === "Kitt Peak")!;
/** An equatorial star: from Kitt Peak it culminates near 58° about 06:00 UTC on 2026-01-10. */
const star = { raDeg: 90, decDeg: 0 };
const day0 = Date.UTC(2026, 0, 10) / 1000;
/** 15 minutes: visibleInterval's sampling step, so each night below is two samples. */
const STEP_S = 900;

describe("visibleInterval at exactly the minimum altitude", () => {
  it("keeps the instant a setting star is exactly at the limit, at the start of the night", () => {
    const startS = day0 + 9 * 3600; // after culmination: the star sinks through the night
    const limitDeg = starAltitudeDeg(star, kittPeak, startS);
    expect(starAltitudeDeg(star, kittPeak, startS + STEP_S)).toBeLessThan(limitDeg);
    const night = { startS, endS: startS + STEP_S };
    const visible = visibleInterval(star, kittPeak, night, limitDeg)!;
    expect(visible.startS).toBe(startS);
    expect(visible.endS - visible.startS).toBeLessThanOrEqual(1); // bisected to 1 s
    expect(visibleInterval(star, kittPeak, night, limitDeg + 1e-9)).toBeUndefined();
  });

  it("keeps the instant a rising star reaches exactly the limit, at the end of the night", () => {
    const endS = day0 + 3 * 3600; // before culmination: the star climbs through the night
    const limitDeg = starAltitudeDeg(star, kittPeak, endS);
    expect(starAltitudeDeg(star, kittPeak, endS - STEP_S)).toBeLessThan(limitDeg);
    const night = { startS: endS - STEP_S, endS };
    const visible = visibleInterval(star, kittPeak, night, limitDeg)!;
    expect(visible.endS).toBe(endS);
    expect(visible.endS - visible.startS).toBeLessThanOrEqual(1);
    expect(visibleInterval(star, kittPeak, night, limitDeg + 1e-9)).toBeUndefined();
  });
});
