/**
 * formatFits's keyword comments, read back in process: every keyword the export writes explains
 * itself, and a keyword with a physical unit gives it in square brackets at the start of its
 * comment, the convention of the FITS standard 4.0 §4.3.2 ("[unit]" in the comment) that
 * Kepler and TESS headers follow. fitsExport.test.ts checks the values.
 */
import { describe, expect, it } from "vitest";
import { formatFits } from "../../../runtime/combiner/fitsExport.js";
import type { LightCurveTable } from "../../../runtime/combiner/lightCurveTable.js";
import { BLOCK_BYTES } from "../../../runtime/core/fitsCards.js";

const CARD = 80;

/** The keyword → comment of the first two HDUs' headers (the primary, then the table). */
function comments(fits: Buffer): Map<string, string>[] {
  const hdus: Map<string, string>[] = [];
  let at = 0;
  for (let hdu = 0; hdu < 2; hdu++) {
    const found = new Map<string, string>();
    for (let ended = false; !ended; at += CARD) {
      const card = fits.subarray(at, at + CARD).toString("latin1");
      const keyword = card.slice(0, 8).trim();
      ended = keyword === "END";
      // A value card: '= ', then a quoted string ('' inside) or a number, then ' / comment'.
      const parts = /^= \s*(?:'(?:[^']|'')*'|[^/]*?)\s*(?:\/ (.*))?$/.exec(card.slice(8).trimEnd());
      if (parts) found.set(keyword, parts[1] ?? "");
    }
    at = Math.ceil(at / BLOCK_BYTES) * BLOCK_BYTES; // the primary HDU has no data
    hdus.push(found);
  }
  return hdus;
}

/** A detrended table of two rows: every keyword formatFits can write is in its header. */
const TABLE: LightCurveTable = {
  meta: {
    pic: "PIC_J0630269+294020",
    objectName: "WASP-12",
    raDeg: 97.64,
    decDeg: 29.67,
    coordinatesFrom: "the PIC id",
    mlcGeneration: "7",
    mlcUpdated: "2026-12-01T12:00:00.000Z",
    timeMethod: "astropy",
    timeAccuracyS: 2.5,
    candidate: { periodDays: 1.09, epochBjdTdb: 2457000.7, durationHours: 3, depth: 0.014, snr: 20 },
  },
  timeBjdTdb: Float64Array.from([2457000.5, 2457001.5]),
  columns: [],
};

const STAR = ["OBJECT", "PICID", "RA_OBJ", "DEC_OBJ", "RADESYS", "ORIGIN", "MLCGEN", "MLCDATE"];
const TIME = ["TIMESYS", "TREFPOS", "TREFDIR", "TIMEREF", "TIMEUNIT", "JDREF", "TIMEPIXR", "TIERABSO", "TSTART", "TSTOP"];
const CANDIDATE = ["BLS_PER", "BLS_T0", "BLS_DUR", "BLS_DEP", "BLS_SNR"];

describe("formatFits keyword comments", () => {
  it("explains every keyword it writes, in both HDUs", () => {
    const [primary, table] = comments(formatFits(TABLE));
    for (const keyword of STAR) expect(primary!.get(keyword), keyword).toMatch(/\w{2}/);
    for (const keyword of [...STAR, ...TIME, ...CANDIDATE]) expect(table!.get(keyword), keyword).toMatch(/\w{2}/);
  });

  it("gives the unit of each keyword that has one in brackets first, the time error also in seconds", () => {
    const table = comments(formatFits(TABLE))[1]!;
    const units = Object.fromEntries(
      ["RA_OBJ", "DEC_OBJ", "TIERABSO", "TSTART", "TSTOP", "BLS_PER", "BLS_T0", "BLS_DUR"].map((k) => [k, /^\[(\w+)\]/.exec(table.get(k)!)?.[1]]),
    );
    expect(units).toEqual({ RA_OBJ: "deg", DEC_OBJ: "deg", TIERABSO: "d", TSTART: "d", TSTOP: "d", BLS_PER: "d", BLS_T0: "d", BLS_DUR: "h" });
    expect(table.get("TIERABSO")).toContain("(2.5 s)");
    for (const keyword of ["TSTART", "TSTOP", "BLS_T0"]) expect(table.get(keyword), keyword).toContain("BJD_TDB");
  });
});
