/**
 * The simulator's option checks at their bounds (simulate.test.ts checks one refusal of each kind
 * through `simulate`), and how the first night follows the bucket's data.
 */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { formatDay, parseDay, resolveNights, resolveOptions } from "../../../runtime/simulator/simulateOptions.js";

const DAY_S = 86_400;

function refusal(options: Parameters<typeof resolveOptions>[0]): string {
  try {
    resolveOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`resolveOptions accepted ${JSON.stringify(options)}`);
}

describe("resolveOptions", () => {
  it("defaults to 4 units, concurrency 8, seed 2016, the whole catalog, a real run", () => {
    const resolved = resolveOptions({});
    expect(resolved).toMatchObject({ units: 4, concurrency: 8, seed: "2016", dryRun: false, nights: undefined, startDayS: undefined, endDayS: undefined });
    expect(resolved.stars.map((s) => s.id)).toEqual(CATALOG.map((s) => s.id));
  });

  it("accepts the bounds of --units, --nights and --concurrency, and refuses one past them, naming the range", () => {
    expect(resolveOptions({ units: 1, nights: 1, concurrency: 1 })).toMatchObject({ units: 1, nights: 1, concurrency: 1 });
    expect(resolveOptions({ units: 1000, nights: 366, concurrency: 256 })).toMatchObject({ units: 1000, nights: 366, concurrency: 256 });
    expect(refusal({ units: 1001 })).toBe("--units must be an integer from 1 to 1000 (got 1001)");
    expect(refusal({ nights: 367 })).toBe("--nights must be an integer from 1 to 366 (got 367)");
    expect(refusal({ nights: 0 })).toBe("--nights must be an integer from 1 to 366 (got 0)");
    expect(refusal({ concurrency: 257 })).toBe("--concurrency must be an integer from 1 to 256 (got 257)");
    expect(refusal({ units: 2.5 })).toBe("--units must be an integer from 1 to 1000 (got 2.5)");
  });

  it("allows --end on --start (one night) and a span of exactly 366 nights, not 367", () => {
    expect(resolveOptions({ start: "2026-08-01", end: "2026-08-01" })).toMatchObject({ startDayS: parseDay("x", "2026-08-01"), endDayS: parseDay("x", "2026-08-01") });
    // 2027-08-01 − 2026-08-01 = 365 days (no 29 February between), so 366 nights.
    expect(resolveOptions({ start: "2026-08-01", end: "2027-08-01" }).endDayS).toBe(parseDay("x", "2027-08-01"));
    expect(refusal({ start: "2026-08-01", end: "2027-08-02" })).toBe("--start to --end spans more than 366 nights");
    // --end alone spans one night whatever its date.
    expect(resolveOptions({ end: "2030-01-01" }).endDayS).toBe(parseDay("x", "2030-01-01"));
  });

  it("names the bad --end date as well as --start, and refuses an empty seed or star list", () => {
    expect(refusal({ end: "2026-13-01" })).toBe('--end must be a date like 2026-08-01 (got "2026-13-01")');
    expect(refusal({ seed: "" })).toBe("--seed must not be empty");
    expect(refusal({ stars: [] })).toBe("--stars names no star");
    expect(refusal({ stars: ["tatooine", "hoth"] })).toMatch(/^unknown stars "tatooine", "hoth"; known: pic0326 \(PIC_J0326137\+295015\), /);
  });

  it("keeps a star named twice (by catalog id and PIC id) once, and passes --dry-run through", () => {
    const vega = CATALOG.find((s) => s.id === "vega")!;
    const resolved = resolveOptions({ stars: ["vega", vega.pic], dryRun: true });
    expect(resolved.stars).toEqual([vega]);
    expect(resolved.dryRun).toBe(true);
  });
});

describe("parseDay and formatDay", () => {
  it("round-trip a date and refuse what is not one, naming the option", () => {
    expect(parseDay("--start", "2026-08-01")).toBe(Date.UTC(2026, 7, 1) / 1000);
    expect(formatDay(parseDay("--start", "2028-02-29"))).toBe("2028-02-29");
    for (const text of ["2026-8-01", "2026-08-01T00:00", " 2026-08-01", "2027-02-29"]) {
      expect(() => parseDay("--start", text)).toThrow(`--start must be a date like 2026-08-01 (got ${JSON.stringify(text)})`);
    }
  });
});

describe("resolveNights", () => {
  const base = resolveOptions({});
  const aug1 = parseDay("--start", "2026-08-01");

  it("starts on 2026-08-01 for an empty bucket, the night after the latest for a continued one, and on --start when given", () => {
    expect(resolveNights(base, undefined)).toEqual({ firstDayS: aug1, nights: 3 });
    expect(resolveNights(base, aug1 + 9 * DAY_S)).toEqual({ firstDayS: aug1 + 10 * DAY_S, nights: 3 });
    expect(resolveNights({ ...base, startDayS: aug1 - DAY_S, nights: 5 }, aug1 + 9 * DAY_S)).toEqual({ firstDayS: aug1 - DAY_S, nights: 5 });
  });

  it("counts nights up to --end inclusive, and refuses an --end before the night after the bucket's data", () => {
    expect(resolveNights({ ...base, endDayS: aug1 + 4 * DAY_S }, undefined)).toEqual({ firstDayS: aug1, nights: 5 });
    expect(resolveNights({ ...base, endDayS: aug1 }, undefined)).toEqual({ firstDayS: aug1, nights: 1 });
    expect(() => resolveNights({ ...base, endDayS: aug1 + DAY_S }, aug1 + DAY_S)).toThrow(
      "--end 2026-08-02 is before the first night 2026-08-03 (after the data already in the bucket)",
    );
  });
});
