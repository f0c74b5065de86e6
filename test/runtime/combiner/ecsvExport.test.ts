/** The ECSV writer on awkward values, read back by astropy's own ECSV reader. */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatEcsv } from "../../../runtime/combiner/ecsvExport.js";
import type { LightCurveTable } from "../../../runtime/combiner/lightCurveTable.js";
import { runPython } from "../simulator/systemPython.js";

const TABLE: LightCurveTable = {
  meta: {
    pic: "PIC_J1234567-012345",
    objectName: 'A "quoted" name: with # and, commas',
    raDeg: 188.73625,
    decDeg: -1.3958333333333333,
    coordinatesFrom: "the PIC id",
    mlcGeneration: "0001796536037984458",
    mlcUpdated: "2026-12-06T05:47:17.724Z",
    timeMethod: "method: with a colon",
    timeAccuracyS: 0.04,
    candidate: { periodDays: 3, epochBjdTdb: 2461254.5, durationHours: 1e-7, depth: -2.5e-12, snr: 1e21 },
  },
  timeBjdTdb: Float64Array.from([2461254.669742773, 2461254.6697427733]),
  columns: [
    { name: "flux_r", kind: "float64", values: [1e-7, -3.5e21], description: "flux" },
    { name: "exptime", kind: "float64", unit: "s", values: [100, 0.5], description: "exposure" },
    { name: "label", kind: "string", values: ['with space and "quote"', "tab\tand # hash"], description: "odd strings" },
    { name: "camera", kind: "string", values: ["007001", "1e5"], description: "digits stay strings" },
    { name: "in_transit", kind: "bool", values: [1, 0], description: "mask" },
  ],
};

describe("formatEcsv", () => {
  it("round-trips strings, numbers, booleans and metadata through astropy exactly", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "piaa-ecsv-"));
    try {
      const file = path.join(dir, "t.ecsv");
      await writeFile(file, formatEcsv(TABLE));
      const read = await runPython<{ time: number[]; columns: Record<string, unknown[]>; meta: Record<string, unknown>; types: Record<string, string> }>(
        `
from astropy.timeseries import TimeSeries
t = TimeSeries.read(json.load(sys.stdin), format="ascii.ecsv")
print(json.dumps({
    "time": [float(a) + float(b) for a, b in zip(t.time.jd1, t.time.jd2)],
    "columns": {n: getattr(t[n], "value", t[n]).tolist() for n in t.colnames if n != "time"},
    "meta": {k: v for k, v in t.meta.items()},
    "types": {k: type(v).__name__ for k, v in t.meta["best_candidate"].items()},
}))
`,
        file,
      );
      expect(read.time).toEqual(Array.from(TABLE.timeBjdTdb));
      expect(read.columns).toEqual({
        flux_r: [1e-7, -3.5e21],
        exptime: [100, 0.5],
        label: ['with space and "quote"', "tab\tand # hash"],
        camera: ["007001", "1e5"],
        in_transit: [true, false],
      });
      expect(read.meta).toMatchObject({
        pic: TABLE.meta.pic,
        object: TABLE.meta.objectName,
        dec_deg: TABLE.meta.decDeg,
        mlc_generation: "0001796536037984458",
        time_conversion: "method: with a colon",
        best_candidate: { period_days: 3, epoch_bjd_tdb: 2461254.5, duration_hours: 1e-7, depth: -2.5e-12, snr: 1e21 },
      });
      // PyYAML reads "1e-7" as a string; the writer must give it a point and a signed exponent.
      expect(Object.values(read.types)).toEqual(["float", "float", "float", "float", "float"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000); // astropy takes seconds to import, many more on a loaded machine
});
