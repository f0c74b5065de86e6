import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stderrProgress } from "../../../runtime/core/commandArguments.js";
import { flatPoints, formatExport } from "../../../runtime/combiner/exportMasterLightCurve.js";
import { midExposureBjd, picPosition } from "../../../runtime/analysis/starTime.js";
import { exportCommand } from "../../../runtime/combiner/exportCommand.js";
import { lightCurveTable } from "../../../runtime/combiner/lightCurveTable.js";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { runCommand } from "../../piaaCli.js";
import { parseLightCurveSegment } from "../../../runtime/core/lightCurveSegment.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { decodeMasterLightCurve, encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { mergeSegment } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC } from "../core/testSegments.js";

const OBJECT = `LC/${TEST_PIC}/PAN001/100001/2016-07-02T09:18:28.837000.json`;
const point = { exptime: 100, R: 1.0140489870447882, G: 1.00528284110253, B: 0.9751474180341313, sig_r: 0.01, sig_g: 0.006, sig_b: 0.017 };

/** Uploaded points → segment → MLC → stored JSON → read back, as the combiner and export do. */
function throughStorage(points: object[]) {
  const segment = parseLightCurveSegment(OBJECT, JSON.stringify(points));
  const mlc = mergeSegment(emptyMasterLightCurve(TEST_PIC), segment, "1").mlc;
  return decodeMasterLightCurve(`MLC/${TEST_PIC}.json`, encodeMasterLightCurve(mlc));
}

describe("export", () => {
  it("rebuilds every uploaded time string to the microsecond (any time in the segment's night)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 16 * 3600 * 1e6 - 1 }), { minLength: 1, maxLength: 20 }), (offsetsMicros) => {
        const base = Date.UTC(2016, 6, 2, 9, 18, 28, 837) * 1000;
        const times = offsetsMicros.map((offset) => {
          const micros = base + offset;
          const iso = new Date(Math.floor(micros / 1000)).toISOString().slice(0, 23);
          return `${iso}${String(micros % 1000).padStart(3, "0")}`;
        });
        const exported = flatPoints(throughStorage(times.map((time) => ({ time, ...point })))).map((p) => p.time);
        expect(exported.sort()).toEqual([...times].sort());
      }),
      { numRuns: 100 },
    );
  });

  it("writes the 2016 flat array byte for byte, in time order", () => {
    const mlc = throughStorage([
      { time: "2016-07-02T10:00:00.000001", ...point },
      { time: "2016-07-02T09:20:12.603275", ...point, R: 0.5 },
    ]);
    const rest = '"exptime":100,"G":1.00528284110253,"B":0.9751474180341313,"sig_r":0.01,"sig_g":0.006,"sig_b":0.017}';
    expect(formatExport(mlc, "flat", { mlcGeneration: "7" })).toBe(
      `[{"time":"2016-07-02T09:20:12.603275",${rest.replace('"G"', '"R":0.5,"G"')},` +
        `{"time":"2016-07-02T10:00:00.000001",${rest.replace('"G"', '"R":1.0140489870447882,"G"')}]\n`,
    );
    expect(() => formatExport(mlc, "flat", { mlcGeneration: "7", detrended: true })).toThrow(/no detrended columns/);
  });

  it("writes a CSV with a commented header (star, generation, time scales, units) and unit, camera and BJD_TDB columns", () => {
    const mlc = throughStorage([
      { time: "2016-07-02T10:00:00.000001", ...point },
      { time: "2016-07-02T09:20:12.603275", ...point, R: 0.5 },
    ]);
    const text = formatExport(mlc, "csv", { mlcGeneration: "7" }) as string;
    const comments = text.split("\n").filter((line) => line.startsWith("# "));
    expect(comments[0]).toBe(`# ${TEST_PIC} (${TEST_PIC}), RA 51.55708333333334 deg, Dec 29.8375 deg (J2000, from the PIAA star catalog)`);
    expect(comments[1]).toMatch(/^# master light curve generation 7, updated .* UTC$/);
    expect(comments[2]).toMatch(/^# bjd_tdb \[d\]: Barycentric Julian Date in the TDB scale\. .*geocentre.*; accuracy 0\.04 s$/);
    expect(comments).toContain("# exptime [s]: exposure time");
    expect(comments).toContain("# flux_r [dimensionless]: relative flux, R channel, as uploaded");
    expect(comments).toContain("# time_utc: UTC start of exposure as uploaded (ISO-8601, no zone)");
    const rows = text.trimEnd().split("\n").filter((line) => !line.startsWith("#"));
    expect(rows[0]).toBe("bjd_tdb,flux_r,flux_g,flux_b,flux_err_r,flux_err_g,flux_err_b,exptime,unit,camera,segment,time_utc");
    const bjd = midExposureBjd(mlc.points.time, mlc.points.exptime, picPosition(TEST_PIC));
    expect(rows.slice(1)).toEqual([
      `${bjd[0]},0.5,1.00528284110253,0.9751474180341313,0.01,0.006,0.017,100,PAN001,100001,${OBJECT},2016-07-02T09:20:12.603275`,
      `${bjd[1]},1.0140489870447882,1.00528284110253,0.9751474180341313,0.01,0.006,0.017,100,PAN001,100001,${OBJECT},2016-07-02T10:00:00.000001`,
    ]);
  });

  it("states catalog coordinates where the catalog knows the star, else the PIC id's", () => {
    const pic = "PIC_J1234567-012345";
    const object = `LC/${pic}/PAN002/100004/2016-07-02T09:18:28.837000.json`;
    const segment = parseLightCurveSegment(object, JSON.stringify([{ time: "2016-07-02T09:20:12.603275", ...point }]));
    const unknown = lightCurveTable(mergeSegment(emptyMasterLightCurve(pic), segment, "1").mlc, "5").meta;
    expect(unknown).toMatchObject({ pic, objectName: pic, mlcGeneration: "5", coordinatesFrom: "the PIC id, truncated to about 1 arcsec" });
    expect(unknown.raDeg).toBeCloseTo(15 * (12 + 34 / 60 + 56.7 / 3600), 12);
    expect(unknown.decDeg).toBeCloseTo(-(1 + 23 / 60 + 45 / 3600), 12);
    expect(unknown.candidate).toBeUndefined();
    const vega = CATALOG.find((s) => s.id === "vega")!;
    expect(lightCurveTable(emptyMasterLightCurve(vega.pic), "1").meta).toMatchObject({ objectName: "Vega", raDeg: vega.raDeg, decDeg: vega.decDeg });
  });

  it("refuses --detrended for the flat form before reading the bucket", async () => {
    const result = await runCommand(exportCommand, TEST_PIC, "--bucket", "/nonexistent", "--format", "flat", "--detrended");
    expect(result.error).toBeInstanceOf(UsageError);
    expect(String(result.error)).toMatch(/--detrended needs --format csv, ecsv, fits/);
  });

  it("reports progress only once a run has lasted a second, then at most once a second", () => {
    let now = 0;
    const lines: string[] = [];
    const progress = stderrProgress({ stdout: () => {}, stderr: (text) => void lines.push(text) }, "read", () => now);
    progress(1, 10);
    now = 1500;
    progress(2, 10);
    now = 1900;
    progress(3, 10);
    now = 2600;
    progress(4, 10);
    now = 2700;
    progress(10, 10);
    expect(lines).toEqual(["read: 2/10\n", "read: 4/10\n", "read: 10/10\n"]);
  });
});
