import { describe, expect, it } from "vitest";
import { lightCurveTable } from "../../../runtime/combiner/lightCurveTable.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { lightCurveTableInSlices, POINTS_PER_SLICE } from "../../../runtime/dashboard/lightCurveDownload.js";
import { TEST_PIC, testObjectName, testSegment } from "../core/testSegments.js";

// The download builds its table a slice of points at a time (to keep the worker responsive): the
// result must be the table built at once, for a light curve longer than one slice.
const pointsPerSegment = Math.ceil((POINTS_PER_SLICE * 1.5) / 2);
const mlc = () =>
  applySegmentUpdates(
    emptyMasterLightCurve(TEST_PIC),
    [1, 2].map((n) => ({
      kind: "merge" as const,
      segment: testSegment(
        testObjectName(n, { startOffsetS: n * 100_000 }),
        Array.from({ length: pointsPerSegment }, (_, i) => ({ offsetS: n * 100_000 + i * 30, seed: n * 10_000 + i })),
      ),
      generation: String(n),
    })),
  ).mlc;

describe("lightCurveTableInSlices", () => {
  it("gives the table lightCurveTable builds at once, for a light curve of 1.5 slices", async () => {
    const curve = mlc();
    expect(curve.points.time.length).toBeGreaterThan(POINTS_PER_SLICE);
    const whole = lightCurveTable(curve, "7");
    const sliced = await lightCurveTableInSlices(curve, "7");
    expect(sliced.meta).toEqual(whole.meta);
    expect([...sliced.timeBjdTdb]).toEqual([...whole.timeBjdTdb]);
    expect(sliced.columns.map((c) => c.name)).toEqual(whole.columns.map((c) => c.name));
    for (const [c, column] of sliced.columns.entries()) expect(Array.from(column.values as ArrayLike<unknown>), column.name).toEqual(Array.from(whole.columns[c]!.values as ArrayLike<unknown>));
  });
});
