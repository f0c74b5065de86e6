import { describe, expect, it } from "vitest";
import { midExposureBjd, picPosition } from "../../../runtime/analysis/starTime.js";
import { unixToBjdTdb } from "../../../runtime/core/barycentricTime.js";

describe("picPosition", () => {
  it.each([
    // PIC ids of the 2016 data set (design §3): RA hhmmss.s / Dec ±ddmmss, and the longer form.
    ["PIC_J0326137+295015", 15 * (3 + 26 / 60 + 13.7 / 3600), 29 + 50 / 60 + 15 / 3600],
    ["PIC_J18365633+3847012", 15 * (18 + 36 / 60 + 56.33 / 3600), 38 + 47 / 60 + 1.2 / 3600],
    ["PIC_J2000000-051530", 300, -(5 + 15 / 60 + 30 / 3600)],
  ])("reads %s", (pic, ra, dec) => {
    const { raDeg, decDeg } = picPosition(pic);
    expect(raDeg).toBeCloseTo(ra, 9);
    expect(decDeg).toBeCloseTo(dec, 9);
  });

  it("names a bad id", () => {
    expect(() => picPosition("HD189733")).toThrow(/HD189733.*not a PIC id/);
  });
});

describe("midExposureBjd", () => {
  it("agrees with the exact conversion at mid-exposure to well under a second", () => {
    const position = { raDeg: 300.18, decDeg: 22.71 };
    const times = Array.from({ length: 50 }, (_, i) => Date.UTC(2016, 6, 24, 3) / 1000 + i * 997.3);
    const exptime = times.map(() => 100);
    const bjd = midExposureBjd(times, exptime, position);
    times.forEach((t, i) => expect(Math.abs(bjd[i]! - unixToBjdTdb(t + 50, position.raDeg, position.decDeg)) * 86400).toBeLessThan(0.01));
  });
});
