/**
 * formatCsv on a small hand-built table: RFC 4180 quoting of text cells (comma, quote, line
 * break), booleans as 1/0, the unit line of every column kind, and the candidate line of a
 * detrended table (present, or absent when the search found none).
 */
import { describe, expect, it } from "vitest";
import { formatCsv } from "../../../runtime/combiner/csvExport.js";
import type { LightCurveTable, TableCandidate } from "../../../runtime/combiner/lightCurveTable.js";

function table(candidate?: TableCandidate | null): LightCurveTable {
  return {
    meta: {
      pic: "PIC_A",
      objectName: "HD 1",
      raDeg: 10.5,
      decDeg: -20.25,
      coordinatesFrom: "the PIAA star catalog",
      mlcGeneration: "42",
      mlcUpdated: "2026-12-06T00:00:00.000Z",
      timeMethod: "the method",
      timeAccuracyS: 0.5,
      candidate,
    },
    timeBjdTdb: Float64Array.of(2457571.5, 2457571.25),
    columns: [
      { name: "flux", description: "a flux", kind: "float64", unit: "adu", values: [1.5, 0.1] },
      { name: "ratio", description: "a ratio", kind: "float64", values: [2, 3] },
      { name: "in_transit", description: "in the transit", kind: "bool", values: [1, 0] },
      { name: "camera", description: "the camera", kind: "string", values: ['a "b", c', "line\nbreak"] },
    ],
  };
}

describe("formatCsv", () => {
  it("writes the header, each column's unit line, and quotes only text that needs it", () => {
    expect(formatCsv(table())).toBe(
      [
        "# PIC_A (HD 1), RA 10.5 deg, Dec -20.25 deg (J2000, from the PIAA star catalog)",
        "# master light curve generation 42, updated 2026-12-06T00:00:00.000Z UTC",
        "# bjd_tdb [d]: Barycentric Julian Date in the TDB scale. the method; accuracy 0.5 s",
        "# flux [adu]: a flux",
        "# ratio [dimensionless]: a ratio",
        "# in_transit [1 = true, 0 = false]: in the transit",
        "# camera: the camera",
        "bjd_tdb,flux,ratio,in_transit,camera",
        '2457571.5,1.5,2,1,"a ""b"", c"',
        '2457571.25,0.1,3,0,"line',
        'break"',
        "",
      ].join("\n"),
    );
  });

  it("leaves plain text unquoted and names the candidate of a detrended table, if any", () => {
    const plain = table(null);
    plain.columns[3] = { name: "camera", description: "the camera", kind: "string", values: ["ab", "c d"] };
    expect(formatCsv(plain)).toContain("\n2457571.5,1.5,2,1,ab\n2457571.25,0.1,3,0,c d\n");
    expect(formatCsv(plain)).not.toContain("best candidate");
    const found = formatCsv(table({ periodDays: 2.2, epochBjdTdb: 2457572.1, durationHours: 1.8, depth: 0.02, snr: 12 }));
    expect(found).toContain("\n# best candidate: period 2.2 d, mid-transit BJD_TDB 2457572.1, duration 1.8 h\nbjd_tdb,");
  });
});
