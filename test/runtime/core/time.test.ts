import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoToUnixMicros, isoToUnixSeconds, unixMicrosToIso, unixSecondsToIso } from "../../../runtime/core/time.js";

describe("PANOPTES times", () => {
  it("reads zone-less UTC ISO times to the microsecond", () => {
    // 2016-07-02T09:18:28Z is 1467451108 s after the Unix epoch (date -u -d ... +%s).
    expect(isoToUnixMicros("2016-07-02T09:18:28.837000")).toBe(1467451108837000);
    expect(isoToUnixMicros("2016-07-02T09:18:28")).toBe(1467451108000000);
    expect(isoToUnixMicros("2016-07-02T09:18:28.5")).toBe(1467451108500000);
  });

  it.each(["2016-07-02", "2016-07-02T09:18:28Z", "2016-13-01T00:00:00", "2016-02-30T00:00:00", "2016-07-02T24:00:00", "x"])(
    "rejects %j",
    (iso) => {
      expect(isoToUnixMicros(iso)).toBeUndefined();
      expect(() => isoToUnixSeconds(iso)).toThrow(RangeError);
    },
  );

  it("survives the round trip through Unix seconds for every microsecond pattern", () => {
    for (const iso of ["2016-07-02T12:01:22.018728", "2016-07-02T10:49:33.654308", "2026-11-26T23:59:59.999999", "1999-12-31T00:00:00.000001"]) {
      expect(unixSecondsToIso(isoToUnixSeconds(iso))).toBe(iso);
      expect(unixMicrosToIso(isoToUnixMicros(iso)!)).toBe(iso);
    }
  });

  it("agrees with the grammar as a regular expression and Date.UTC on valid times and on near misses", () => {
    // The reference: the format as a regex, the calendar checked as isoToUnixMicros documents it.
    const reference = (iso: string): number | undefined => {
      const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(iso);
      if (!match) return undefined;
      const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
      const inMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1] ?? 0;
      if (y < 100 || mo < 1 || mo > 12 || d < 1 || d > inMonth || h > 23 || mi > 59 || s > 59) return undefined;
      return Date.UTC(y, mo - 1, d, h, mi, s) * 1000 + Number((match[7] ?? "").padEnd(6, "0"));
    };
    const pad = (v: number, width: number) => String(v).padStart(width, "0");
    const validTime = fc
      .record({
        year: fc.integer({ min: 100, max: 9999 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 31 }),
        hour: fc.integer({ min: 0, max: 23 }),
        minute: fc.integer({ min: 0, max: 59 }),
        second: fc.integer({ min: 0, max: 59 }),
        fraction: fc.stringMatching(/^(\.\d{1,6})?$/),
      })
      .map((t) => `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.fraction}`);
    // Near misses: one character replaced, inserted or removed.
    const nearMiss = fc
      .tuple(validTime, fc.nat(), fc.constantFrom("0", "9", "-", ":", "T", ".", "Z", " ", "/", "\u0663", ""), fc.boolean())
      .map(([iso, at, char, insert]) => {
        const i = at % (iso.length + 1);
        return insert ? iso.slice(0, i) + char + iso.slice(i) : iso.slice(0, i) + char + iso.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(validTime, nearMiss), (iso) => {
        expect(isoToUnixMicros(iso)).toBe(reference(iso));
      }),
      { numRuns: 20_000 },
    );
  });
});
