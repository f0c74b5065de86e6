/**
 * The calendar isoToUnixMicros accepts, against an oracle that shares none of its code: the
 * JavaScript Date, which rolls an impossible day over into the next month (ECMA-262 MakeDay), and
 * the Gregorian leap years named in the 1582 reform (every 4th year, except centuries not
 * divisible by 400).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoToUnixMicros } from "../../../runtime/core/time.js";

/** Whether the day exists, by Date's rollover: a day past the month's end comes back in another month. */
function dayExists(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (value: number, width: number) => String(value).padStart(width, "0");
const iso = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T12:00:00`;

describe("isoToUnixMicros calendar", () => {
  it.each([
    [1600, true],
    [1700, false],
    [1900, false],
    [2000, true],
    [2023, false],
    [2024, true],
    [2100, false],
    [2400, true],
  ])("February 29 of %i exists: %s", (year, exists) => {
    expect(isoToUnixMicros(iso(year, 2, 29)) !== undefined).toBe(exists);
  });

  it("accepts exactly the days that exist, for every year from 100 to 9999 and the last days of each month", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 28, max: 31 }), (year, month, day) => {
        const micros = isoToUnixMicros(iso(year, month, day));
        expect(micros !== undefined).toBe(dayExists(year, month, day));
        if (micros !== undefined) {
          const date = new Date(Date.UTC(2000, 0, 1, 12));
          date.setUTCFullYear(year, month - 1, day);
          expect(micros).toBe(date.getTime() * 1000);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
