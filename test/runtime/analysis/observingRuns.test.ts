import { describe, expect, it } from "vitest";
import { observingRuns } from "../../../runtime/analysis/observingRuns.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";

/** An MLC whose segments are (camera, first time, last time), two points each. */
function mlcOf(segments: [string, number, number][]): MasterLightCurve {
  const mlc = emptyMasterLightCurve("PIC_J0326137+295015");
  const points: [number, number][] = [];
  segments.forEach(([camera, first, last], index) => {
    mlc.segments.push({ object: `LC/x/${index}`, generation: "1", unit: "PAN000", camera, start: "", points: 2, median: { R: 1, G: 1, B: 1 } });
    points.push([first, index], [last, index]);
  });
  points.sort((a, b) => a[0] - b[0]);
  mlc.points.time = points.map((p) => p[0]);
  mlc.points.segment = points.map((p) => p[1]);
  return mlc;
}

describe("observingRuns", () => {
  it("joins segments one camera recorded back to back, and nothing else", () => {
    const mlc = mlcOf([
      ["108715", 0, 3600], // run A
      ["108715", 3660, 7200], // re-focus gap of 60 s: still run A
      ["108716", 0, 3600], // the other camera: its own run
      ["108715", 7200 + 3600, 9000], // an hour later: a new run
    ]);
    const { run, count } = observingRuns(mlc);
    expect(count).toBe(3);
    const runOfSegment = (s: number) => run[mlc.points.segment.indexOf(s)];
    expect(runOfSegment(0)).toBe(runOfSegment(1));
    expect(new Set([runOfSegment(0), runOfSegment(2), runOfSegment(3)]).size).toBe(3);
  });

  it("honours the gap limit it is given", () => {
    const mlc = mlcOf([
      ["108715", 0, 100],
      ["108715", 400, 500],
    ]);
    expect(observingRuns(mlc, 299).count).toBe(2);
    expect(observingRuns(mlc, 300).count).toBe(1);
  });
});
