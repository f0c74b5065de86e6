/**
 * Detrended exports of a light curve in which the analysis finds a candidate: the header states
 * the candidate (period, mid-transit time, duration in hours) and the in_transit column marks
 * exactly the points a reader folding the table on that header finds inside a transit — written
 * 1/0 in CSV and True/False in ECSV. A plain export (no `detrended`) has neither, and a FITS
 * export is a FITS file (the format asked for, not the one before it in formatExport's list).
 */
import { describe, expect, it } from "vitest";
import { formatExport } from "../../../runtime/combiner/exportMasterLightCurve.js";
import { inTransitMask } from "../../../runtime/analysis/transitStatistics.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// Two nights of one unit with a 3 %-deep, 83-minute box transit every 1.1 d: small enough to
// analyse in about a second, and the search finds a candidate in it.
const mlc = () =>
  syntheticMasterLightCurve({
    pic: "PIC_J2000437+224239",
    nights: 2,
    exposures: 72,
    seed: 7,
    transit: { periodDays: 1.1, firstMidUnixS: Date.UTC(2026, 7, 1, 3) / 1000, durationS: 5000, depth: 0.03 },
  });

function rowsOf(text: string): string[] {
  return text.split("\n").filter((line) => line !== "" && !line.startsWith("#"));
}

/**
 * The in_transit column (first column: BJD_TDB) holds both values, and exactly the mask a reader
 * computes from the header's candidate.
 */
function expectMaskAgreesWithHeader(
  text: string,
  separator: string,
  candidate: { periodDays: number; epoch: number; durationHours: number },
  [inside, outside]: [string, string],
): void {
  const [names, ...rows] = rowsOf(text);
  const column = names!.split(separator).indexOf("in_transit");
  expect(column).toBeGreaterThan(0);
  const cells = rows.map((row) => row.split(separator));
  const written = cells.map((row) => row[column]);
  expect(new Set(written)).toEqual(new Set([inside, outside]));
  const fromHeader = inTransitMask(
    cells.map((row) => Number(row[0])),
    { periodDays: candidate.periodDays, epoch: candidate.epoch, durationDays: candidate.durationHours / 24 },
  );
  expect(written.map((cell) => (cell === inside ? 1 : 0))).toEqual(Array.from(fromHeader));
}

describe("detrended exports with a candidate", () => {
  it("CSV: the candidate line and an in_transit column of 1s and 0s that agree with it", () => {
    const csv = formatExport(mlc(), "csv", { mlcGeneration: "3", detrended: true }) as string;
    const line = /^# best candidate: period (\S+) d, mid-transit BJD_TDB (\S+), duration (\S+) h$/m.exec(csv);
    expect(line).not.toBeNull();
    const [periodDays, epoch, durationHours] = line!.slice(1).map(Number) as [number, number, number];
    // The injected transit lasts 83 minutes; a box search's durations are a coarse grid around it.
    expect(durationHours).toBeGreaterThan(0.5);
    expect(durationHours).toBeLessThan(4);
    expect(csv).toMatch(/^# in_transit \[1 = true, 0 = false\]: /m);

    expectMaskAgreesWithHeader(csv, ",", { periodDays, epoch, durationHours }, ["1", "0"]);
  });

  it("ECSV: the best_candidate entry and an in_transit column of True and False that agree with it", () => {
    const ecsv = formatExport(mlc(), "ecsv", { mlcGeneration: "3", detrended: true }) as string;
    expect(ecsv.startsWith("# %ECSV 1.0\n")).toBe(true);
    const entry = /^# - best_candidate: \{period_days: (\S+), epoch_bjd_tdb: (\S+), duration_hours: (\S+), depth: (\S+), snr: (\S+)\}$/m.exec(ecsv);
    expect(entry).not.toBeNull();
    const [periodDays, epoch, durationHours, depth, snr] = entry!.slice(1).map(Number) as [number, number, number, number, number];
    expect(depth).toBeGreaterThan(0);
    expect(depth).toBeLessThan(0.03 + 0.01);
    expect(snr).toBeGreaterThan(0);
    expect(ecsv).toMatch(/^# - \{name: in_transit, datatype: bool, /m);

    expectMaskAgreesWithHeader(ecsv, " ", { periodDays, epoch, durationHours }, ["True", "False"]);
  });

  it("a plain ECSV export has no detrended columns and no candidate entry", () => {
    const ecsv = formatExport(mlc(), "ecsv", { mlcGeneration: "3" }) as string;
    expect(ecsv.startsWith("# %ECSV 1.0\n")).toBe(true);
    expect(ecsv).toMatch(/^# - \{mlc_generation: "3"\}$/m);
    expect(ecsv).not.toMatch(/in_transit|flux_detrended|best_candidate/);
    expect(rowsOf(ecsv)).toHaveLength(2 * 2 * 72 + 1);
  });

  it("a FITS export is a FITS file: 2880-byte blocks, opening with SIMPLE = T", () => {
    const fits = formatExport(mlc(), "fits", { mlcGeneration: "3" });
    expect(Buffer.isBuffer(fits)).toBe(true);
    expect((fits as Buffer).subarray(0, 30).toString("latin1")).toBe(`SIMPLE  = ${"T".padStart(20)}`);
    expect(fits.length % 2880).toBe(0);
  });
});
