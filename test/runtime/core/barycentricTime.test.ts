import { describe, expect, it } from "vitest";
import { ttMinusUtcSeconds, unixToBjdTdb } from "../../../runtime/core/barycentricTime.js";
import { runPython } from "../simulator/systemPython.js";

describe("ttMinusUtcSeconds", () => {
  // TT − TAI = 32.184 s; TAI − UTC = 36 s from 2015-07-01, 37 s from 2017-01-01 (IERS Bulletin C).
  it.each([
    ["2016-12-31T23:59:59Z", 68.184],
    ["2017-01-01T00:00:00Z", 69.184],
    ["2026-08-01T00:00:00Z", 69.184],
  ])("is %s → %f s", (iso, expected) => {
    expect(ttMinusUtcSeconds(Date.parse(iso) / 1000)).toBe(expected);
  });
});

describe("unixToBjdTdb", () => {
  it("agrees with astropy (geocentric light travel time, TDB) to 0.05 s over a year and the sky", async () => {
    const cases = [
      { iso: "2016-07-02T09:18:28.837", ra: 51.557, dec: 29.8375 },
      { iso: "2026-08-01T08:00:00", ra: 300.18214, dec: 22.71085 },
      { iso: "2026-11-15T03:30:00", ra: 330.79489, dec: 18.88432 },
      { iso: "2027-02-10T12:00:00", ra: 36.71275, dec: 37.55047 },
      { iso: "2026-05-20T06:00:00", ra: 240.54933, dec: 28.16956 },
    ];
    const astropy = await runPython<number[]>(
      `
from astropy.time import Time
from astropy.coordinates import SkyCoord, EarthLocation
import astropy.units as u
out = []
for c in json.load(sys.stdin):
    t = Time(c["iso"], scale="utc", location=EarthLocation.from_geocentric(0, 0, 0, unit=u.m))
    star = SkyCoord(c["ra"] * u.deg, c["dec"] * u.deg)
    bjd = t.tdb + t.light_travel_time(star, ephemeris="builtin")
    out.append([bjd.jd1, bjd.jd2])
print(json.dumps(out))
`,
      cases,
    );
    cases.forEach((c, i) => {
      const ours = unixToBjdTdb(Date.parse(`${c.iso}Z`) / 1000, c.ra, c.dec);
      const [jd1, jd2] = astropy[i] as unknown as [number, number];
      expect(Math.abs((ours - jd1 - jd2) * 86_400)).toBeLessThan(0.05);
    });
  });
});
