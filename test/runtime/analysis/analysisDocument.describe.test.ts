/**
 * What an MLC says about itself (the star page's and pending index row's "units", points, segments
 * and observed span), on an MLC merged from segments by the combiner's own mergeSegment: each unit
 * named once, in order, however many segments it sent and in whatever order they arrived.
 */
import { describe, expect, it } from "vitest";
import { describeMasterLightCurve } from "../../../runtime/analysis/analysisDocument.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { mergeSegment } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC, testObjectName, testSegment } from "../core/testSegments.js";

describe("describeMasterLightCurve", () => {
  it("names each unit once, sorted, and counts every segment and point", () => {
    // testObjectName(n) is unit PAN<n % 1000>: units PAN002, PAN001, PAN002 again, in arrival order.
    let mlc = emptyMasterLightCurve(TEST_PIC);
    for (const [n, startOffsetS] of [[2, 0], [1, 2000], [1002, 4000]] as const) {
      const object = testObjectName(n, { startOffsetS });
      mlc = mergeSegment(mlc, testSegment(object, [{ offsetS: startOffsetS + 60, seed: n }, { offsetS: startOffsetS + 170, seed: n + 1 }]), "1").mlc;
    }
    const described = describeMasterLightCurve(mlc);
    expect(described.units).toEqual(["PAN001", "PAN002"]);
    expect(described.segments).toBe(3);
    expect(described.points).toBe(6);
    expect(described.observed).not.toBeNull();
  });

  it("says nothing was observed for an MLC with no points", () => {
    expect(describeMasterLightCurve(emptyMasterLightCurve(TEST_PIC))).toEqual({ units: [], points: 0, segments: 0, observed: null });
  });
});
