/**
 * The MLC cache's bound at its edges: a document weighing exactly the bound is held, and one
 * over it is refused without evicting what the cache already holds.
 */
import { describe, expect, it } from "vitest";
import { createMasterLightCurveCache } from "../../../runtime/combiner/masterLightCurveCache.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC, testObjectName, testSegment } from "../core/testSegments.js";

/** A document of one segment of `points` points: it weighs points + 1. */
function documentOf(points: number): MasterLightCurve {
  const segment = testSegment(testObjectName(1), Array.from({ length: points }, (_, seed) => ({ offsetS: seed * 10, seed })));
  return applySegmentUpdates(emptyMasterLightCurve(TEST_PIC), [{ kind: "merge", segment, generation: "1" }]).mlc;
}

describe("createMasterLightCurveCache bound", () => {
  it("holds a document weighing exactly the bound, evicting the others", () => {
    const cache = createMasterLightCurveCache(30);
    cache.set("a", { mlc: documentOf(9), generation: "1" });
    cache.set("full", { mlc: documentOf(29), generation: "2" });
    expect(cache.get("full")?.generation).toBe("2");
    expect(cache.get("a")).toBeUndefined();
    expect(cache.points).toBe(30);
  });

  it("refuses a document over the bound and keeps what it held", () => {
    const cache = createMasterLightCurveCache(30);
    cache.set("a", { mlc: documentOf(9), generation: "1" });
    cache.set("big", { mlc: documentOf(30), generation: "2" });
    expect(cache.get("big")).toBeUndefined();
    expect(cache.get("a")?.generation).toBe("1");
    expect(cache.points).toBe(10);
  });
});
