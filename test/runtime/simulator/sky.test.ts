/**
 * The simulator's sky geometry by its defining properties (schedule.test.ts checks planned segments
 * against astropy): astronomical night ends where the Sun crosses −18°, a visible interval ends where
 * the star crosses the altitude limit, and the morning of a night belongs to its evening.
 */
import { describe, expect, it } from "vitest";
import { SITES } from "../../../runtime/simulator/network.js";
import { astronomicalNight, nightOfTime, starAltitudeDeg, sunAltitudeDeg, visibleInterval, type Site } from "../../../runtime/simulator/sky.js";

const maunaLoa = SITES[0]!;
const sidingSpring = SITES.find((s) => s.name === "Siding Spring Observatory")!;
/** Ny-Ålesund, Svalbard (78.9° N): the Sun stays up all night in June. */
const svalbard: Site = { name: "Ny-Ålesund", latitudeDeg: 78.92, longitudeDeg: 11.93, elevationM: 10 };
const aug1 = Date.UTC(2026, 7, 1) / 1000;
/** HD 189733 (J2000 20h00m43.7s +22°42′39″): high in Hawaiian August nights. */
const hd189733 = { raDeg: 300.182, decDeg: 22.711 };

describe("astronomicalNight", () => {
  it("runs from the Sun's crossing of −18° at dusk to its crossing at dawn, on the evening of the given day", () => {
    const night = astronomicalNight(maunaLoa, aug1 + 3600)!;
    expect(sunAltitudeDeg(maunaLoa, night.startS)).toBeCloseTo(-18, 1);
    expect(sunAltitudeDeg(maunaLoa, night.endS)).toBeCloseTo(-18, 1);
    expect(sunAltitudeDeg(maunaLoa, (night.startS + night.endS) / 2)).toBeLessThan(-30);
    expect(sunAltitudeDeg(maunaLoa, night.startS - 600)).toBeGreaterThan(-18);
    // Hawaii is UTC−10: dusk of 1 August local is after 04:00 UTC on 2 August, dawn some 9 h later.
    expect(night.startS).toBeGreaterThan(aug1 + 86_400);
    expect(night.endS - night.startS).toBeGreaterThan(8 * 3600);
    expect(night.endS - night.startS).toBeLessThan(11 * 3600);
    expect(nightOfTime(maunaLoa, night.startS)).toBe(aug1);
    expect(nightOfTime(maunaLoa, night.endS)).toBe(aug1);
  });

  it("is undefined where the Sun never sinks to −18°", () => {
    expect(astronomicalNight(svalbard, Date.UTC(2026, 5, 21) / 1000)).toBeUndefined();
  });
});

describe("nightOfTime", () => {
  it("puts times from local noon to the next local noon on the evening's date, east and west", () => {
    // Siding Spring is UTC+9.9 h (mean solar time): local noon of 1 August is 02:04 UTC.
    const localNoonUtc = aug1 + 43_200 - (sidingSpring.longitudeDeg / 15) * 3600;
    expect(nightOfTime(sidingSpring, localNoonUtc)).toBe(aug1);
    expect(nightOfTime(sidingSpring, localNoonUtc + 86_399)).toBe(aug1);
    expect(nightOfTime(sidingSpring, localNoonUtc - 1)).toBe(aug1 - 86_400);
  });
});

describe("visibleInterval", () => {
  const night = astronomicalNight(maunaLoa, aug1)!;

  it("ends where the star crosses the altitude limit, to a second, with the star above it in between", () => {
    const interval = visibleInterval(hd189733, maunaLoa, night, 60)!;
    expect(interval.startS).toBeGreaterThanOrEqual(night.startS);
    expect(interval.endS).toBeLessThanOrEqual(night.endS);
    for (const edge of [interval.startS, interval.endS]) {
      expect(starAltitudeDeg(hd189733, maunaLoa, edge)).toBeGreaterThanOrEqual(60);
    }
    // One second outside either end the star is below 60° (unless the end is the night's own end).
    if (interval.startS > night.startS) expect(starAltitudeDeg(hd189733, maunaLoa, interval.startS - 1.5)).toBeLessThan(60);
    if (interval.endS < night.endS) expect(starAltitudeDeg(hd189733, maunaLoa, interval.endS + 1.5)).toBeLessThan(60);
    expect(interval.startS > night.startS || interval.endS < night.endS).toBe(true);
    expect(starAltitudeDeg(hd189733, maunaLoa, (interval.startS + interval.endS) / 2)).toBeGreaterThan(60);
  });

  it("is the whole night for a star always above the limit, and undefined for one never above it", () => {
    const nearPole = { raDeg: 37.95, decDeg: 89.26 }; // Polaris: 19.5° up from Mauna Loa all night
    expect(visibleInterval(nearPole, maunaLoa, night, 15)).toEqual(night);
    expect(visibleInterval(nearPole, maunaLoa, night, 25)).toBeUndefined();
  });
});
