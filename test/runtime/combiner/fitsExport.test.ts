/**
 * formatFits's headers read back in process (astropyExports.test.ts reads whole files with
 * astropy in a child process, which mutation testing cannot see): the star and time keywords of
 * the FITS time standard (Rots et al. 2015, A&A 574, A36), TSTART/TSTOP only with rows, the
 * columns' forms and units, and the candidate keywords of a detrended table.
 */
import { describe, expect, it } from "vitest";
import { formatFits } from "../../../runtime/combiner/fitsExport.js";
import type { LightCurveTable, TableCandidate } from "../../../runtime/combiner/lightCurveTable.js";

const BLOCK = 2880;

/** A card's value: a string without its quotes and padding, else the text before any " /" comment. */
function cardValue(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("'")) return trimmed.slice(1, trimmed.indexOf("'", 1)).trimEnd();
  return trimmed.replace(/\s\/.*$/, "").trim();
}

/** Each HDU's header as keyword → value, and its COMMENT text. */
function headers(fits: Buffer): { values: Map<string, string>; comments: string }[] {
  const hdus: { values: Map<string, string>; comments: string }[] = [];
  let at = 0;
  while (at < fits.length) {
    const values = new Map<string, string>();
    let comments = "";
    let ended = false;
    for (; !ended && at < fits.length; at += 80) {
      const card = fits.subarray(at, at + 80).toString("latin1");
      const keyword = card.slice(0, 8).trim();
      if (keyword === "END") ended = true;
      else if (keyword === "COMMENT") comments += card.slice(8).trim() + " ";
      else if (card.slice(8, 10) === "= ") values.set(keyword, cardValue(card.slice(10)));
    }
    at = Math.ceil(at / BLOCK) * BLOCK;
    const rows = Number(values.get("NAXIS2") ?? 0) * Number(values.get("NAXIS1") ?? 0);
    at += Math.ceil(rows / BLOCK) * BLOCK;
    hdus.push({ values, comments });
  }
  return hdus;
}

function table(rows: number, candidate?: TableCandidate | null): LightCurveTable {
  const times = [2457571.5, 2457571.75, 2457572.25].slice(0, rows);
  return {
    meta: {
      pic: "PIC_J0326137+295015",
      objectName: "HD 1",
      raDeg: 51.5,
      decDeg: 29.8,
      coordinatesFrom: "the PIAA star catalog",
      mlcGeneration: "42",
      mlcUpdated: "2026-12-06T00:00:00.000Z",
      timeMethod: "the method",
      timeAccuracyS: 8.64,
      candidate,
    },
    timeBjdTdb: Float64Array.from(times),
    columns: [
      { name: "flux", description: "", kind: "float64", unit: "adu", values: times.map(() => 1) },
      { name: "ratio", description: "", kind: "float64", values: times.map(() => 2) },
      { name: "in_transit", description: "", kind: "bool", values: times.map(() => 0) },
      { name: "camera", description: "", kind: "string", values: times.map(() => "cam") },
    ],
  };
}

describe("formatFits headers", () => {
  it("names the star in both HDUs and describes the barycentric time column", () => {
    const [primary, lightCurve] = headers(formatFits(table(3)));
    for (const hdu of [primary!, lightCurve!]) {
      expect(Object.fromEntries([...hdu.values].filter(([k]) => ["OBJECT", "PICID", "RA_OBJ", "DEC_OBJ", "RADESYS", "ORIGIN", "MLCGEN", "MLCDATE"].includes(k)))).toEqual({
        OBJECT: "HD 1",
        PICID: "PIC_J0326137+295015",
        RA_OBJ: expect.stringMatching(/^51\.5/),
        DEC_OBJ: expect.stringMatching(/^29\.8/),
        RADESYS: "ICRS",
        ORIGIN: "PIAA",
        MLCGEN: "42",
        MLCDATE: "2026-12-06T00:00:00.000Z",
      });
      expect(hdu.comments).toContain("Coordinates from: the PIAA star catalog.");
    }
    const values = lightCurve!.values;
    expect(values.get("EXTNAME")).toBe("LIGHTCURVE");
    expect([values.get("TIMESYS"), values.get("TREFPOS"), values.get("TREFDIR"), values.get("TIMEREF"), values.get("TIMEUNIT")]).toEqual([
      "TDB",
      "BARYCENTER",
      "RA_OBJ,DEC_OBJ",
      "SOLARSYSTEM",
      "d",
    ]);
    expect([Number(values.get("JDREF")), Number(values.get("TIMEPIXR")), Number(values.get("TIERABSO"))]).toEqual([0, 0.5, 8.64 / 86_400]);
    expect([Number(values.get("TSTART")), Number(values.get("TSTOP"))]).toEqual([2457571.5, 2457572.25]);
    expect(lightCurve!.comments).toContain("Times: the method. Accuracy 8.64 s.");
  });

  it("gives the time column and float columns with a unit their TUNIT, and each kind its form", () => {
    const { values } = headers(formatFits(table(3)))[1]!;
    const column = (n: number) => [values.get(`TTYPE${n}`), values.get(`TFORM${n}`), values.get(`TUNIT${n}`)];
    expect(column(1)).toEqual(["time", "D", "d"]);
    expect(column(2)).toEqual(["flux", "D", "adu"]);
    expect(column(3)).toEqual(["ratio", "D", undefined]);
    expect(column(4)).toEqual(["in_transit", "L", undefined]);
    expect(column(5)).toEqual(["camera", expect.stringMatching(/^\d+A$/), undefined]);
  });

  it("leaves TSTART and TSTOP out of an empty table", () => {
    const { values } = headers(formatFits(table(0)))[1]!;
    expect(values.has("TSTART") || values.has("TSTOP")).toBe(false);
    expect(values.get("TIMESYS")).toBe("TDB");
  });

  it("writes the candidate of a detrended table, or says the search found none", () => {
    const found = headers(formatFits(table(3, { periodDays: 2.2, epochBjdTdb: 2457572.1, durationHours: 1.8, depth: 0.02, snr: 12 })))[1]!;
    expect(["BLS_PER", "BLS_T0", "BLS_DUR", "BLS_DEP", "BLS_SNR"].map((k) => Number(found.values.get(k)))).toEqual([2.2, 2457572.1, 1.8, 0.02, 12]);
    const none = headers(formatFits(table(3, null)))[1]!;
    expect(none.values.has("BLS_PER")).toBe(false);
    expect(none.comments).toContain("The transit search found no candidate: in_transit is all false.");
    const plain = headers(formatFits(table(3)))[1]!;
    expect(plain.comments).not.toContain("transit search");
  });
});
