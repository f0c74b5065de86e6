import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stderrProgress } from "../../../runtime/core/commandArguments.js";
import { flatPoints, formatExport } from "../../../runtime/combiner/exportMasterLightCurve.js";
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

  it("writes the 2016 flat array and a CSV with a header, in time order", () => {
    const mlc = throughStorage([
      { time: "2016-07-02T10:00:00.000001", ...point },
      { time: "2016-07-02T09:20:12.603275", ...point, R: 0.5 },
    ]);
    expect(JSON.parse(formatExport(mlc, "flat"))).toEqual([
      { time: "2016-07-02T09:20:12.603275", ...point, R: 0.5 },
      { time: "2016-07-02T10:00:00.000001", ...point },
    ]);
    expect(formatExport(mlc, "csv")).toBe(
      "time,exptime,R,G,B,sig_r,sig_g,sig_b\n" +
        "2016-07-02T09:20:12.603275,100,0.5,1.00528284110253,0.9751474180341313,0.01,0.006,0.017\n" +
        "2016-07-02T10:00:00.000001,100,1.0140489870447882,1.00528284110253,0.9751474180341313,0.01,0.006,0.017\n",
    );
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
