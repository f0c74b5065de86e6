/**
 * The detrended table the ECSV, FITS and CSV exports write with --detrended: the raw columns,
 * then each channel's detrended flux and its error, then the in-transit mask, one value per
 * point; a light curve too short for a candidate says so (null) and masks nothing. Every
 * column carries its kind and a description (the exports write both into their headers).
 */
import { describe, expect, it } from "vitest";
import { lightCurveTable } from "../../../runtime/combiner/lightCurveTable.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC, testObjectName, testSegment } from "../core/testSegments.js";

const mlc = applySegmentUpdates(
  emptyMasterLightCurve(TEST_PIC),
  [1, 2].map((n) => ({
    kind: "merge" as const,
    segment: testSegment(testObjectName(n, { startOffsetS: n * 600 }), Array.from({ length: 12 }, (_, i) => ({ offsetS: n * 600 + i * 30, seed: n * 100 + i }))),
    generation: String(n),
  })),
).mlc;

// Built inside each test, not at collection: code run outside a test is not counted as covered by it.
const tables = () => ({ plain: lightCurveTable(mlc, "9"), table: lightCurveTable(mlc, "9", { detrended: true }) });

describe("lightCurveTable, detrended", () => {

  it("adds the detrended flux, its error and the in-transit mask after the raw columns", () => {
    const { plain, table } = tables();
    expect(table.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
      ...plain.columns.map((c) => `${c.name}:${c.kind}`),
      "flux_detrended_r:float64",
      "flux_detrended_err_r:float64",
      "flux_detrended_g:float64",
      "flux_detrended_err_g:float64",
      "flux_detrended_b:float64",
      "flux_detrended_err_b:float64",
      "in_transit:bool",
    ]);
    for (const column of table.columns) expect(column.values, column.name).toHaveLength(24);
    expect(table.timeBjdTdb).toEqual(plain.timeBjdTdb);
  });

  it("states that no candidate was found and masks no point", () => {
    const { plain, table } = tables();
    expect(table.meta).toEqual({ ...plain.meta, candidate: null });
    expect(plain.meta).not.toHaveProperty("candidate");
    const mask = table.columns.find((c) => c.name === "in_transit")!.values as ArrayLike<number>;
    expect(Array.from(mask)).toEqual(new Array(24).fill(0));
  });

  it("gives the raw columns their kinds, and every column a description", () => {
    const { plain, table } = tables();
    expect(plain.columns.map((c) => `${c.name}:${c.kind}`)).toEqual([
      "flux_r:float64",
      "flux_g:float64",
      "flux_b:float64",
      "flux_err_r:float64",
      "flux_err_g:float64",
      "flux_err_b:float64",
      "exptime:float64",
      "unit:string",
      "camera:string",
      "segment:string",
      "time_utc:string",
    ]);
    for (const column of table.columns) expect(column.description, column.name).toMatch(/\w{4,}/);
  });
});
