/**
 * TT − UTC at each leap second since 1999, from the published table rather than the code's:
 * USNO's tai-utc.dat (maia.usno.navy.mil/ser7/tai-utc.dat) and IERS Bulletin C give TAI − UTC =
 * 32 s from 1999 JAN 1, 33 s from 2006 JAN 1, 34 s from 2009 JAN 1, 35 s from 2012 JUL 1, 36 s
 * from 2015 JUL 1 and 37 s from 2017 JAN 1; TT − TAI = 32.184 s exactly (IAU 1991, Recommendation IV).
 */
import { describe, expect, it } from "vitest";
import { ttMinusUtcSeconds } from "../../../runtime/core/barycentricTime.js";

const unix = (iso: string): number => Date.parse(iso) / 1000;

describe("ttMinusUtcSeconds at every step of the leap-second table", () => {
  it.each([
    ["1999-01-01T00:00:00Z", 32],
    ["2005-12-31T23:59:59Z", 32],
    ["2006-01-01T00:00:00Z", 33],
    ["2008-12-31T23:59:59Z", 33],
    ["2009-01-01T00:00:00Z", 34],
    ["2012-06-30T23:59:59Z", 34],
    ["2012-07-01T00:00:00Z", 35],
    ["2015-06-30T23:59:59Z", 35],
    ["2015-07-01T00:00:00Z", 36],
  ])("at %s TAI − UTC is %i s", (iso, taiMinusUtc) => {
    expect(ttMinusUtcSeconds(unix(iso))).toBeCloseTo(32.184 + taiMinusUtc, 9);
  });

  it("refuses a time before the table's first entry, 1999-01-01, naming the time", () => {
    const before = unix("1998-12-31T23:59:59Z");
    expect(() => ttMinusUtcSeconds(before)).toThrow(RangeError);
    expect(() => ttMinusUtcSeconds(before)).toThrow(`leap-second table starts in 1999 (got Unix time ${before})`);
  });
});
