import { describe, expect, it } from "vitest";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { createMasterLightCurveCache } from "../../../runtime/combiner/masterLightCurveCache.js";
import { TEST_PIC, testObjectName, testSegment } from "../core/testSegments.js";

/** A document of one segment of `points` points: it weighs points + 1. */
function documentOf(points: number): MasterLightCurve {
  const segment = testSegment(testObjectName(1), Array.from({ length: points }, (_, seed) => ({ offsetS: seed * 10, seed })));
  return applySegmentUpdates(emptyMasterLightCurve(TEST_PIC), [{ kind: "merge", segment, generation: "1" }]).mlc;
}

describe("createMasterLightCurveCache", () => {
  it("keeps entries under the point bound, dropping the least recently used first", () => {
    const cache = createMasterLightCurveCache(30);
    const doc = documentOf(9); // weighs 10
    cache.set("a", { mlc: doc, generation: "1" });
    cache.set("b", { mlc: doc, generation: "2" });
    cache.set("c", { mlc: doc, generation: "3" });
    expect(cache.points).toBe(30);
    expect(cache.get("a")?.generation).toBe("1"); // a is now the most recently used
    cache.set("d", { mlc: doc, generation: "4" });
    expect(cache.get("b")).toBeUndefined();
    expect(["a", "c", "d"].map((pic) => cache.get(pic)?.generation)).toEqual(["1", "3", "4"]);
    expect(cache.points).toBe(30);
  });

  it("replaces a star's entry, forgets deleted ones, and never holds a document larger than the bound", () => {
    const cache = createMasterLightCurveCache(30);
    cache.set("a", { mlc: documentOf(9), generation: "1" });
    cache.set("a", { mlc: documentOf(19), generation: "2" });
    expect(cache.points).toBe(20);
    expect(cache.get("a")?.generation).toBe("2");
    cache.delete("a");
    cache.delete("never-held");
    expect(cache.points).toBe(0);
    cache.set("big", { mlc: documentOf(30), generation: "1" });
    expect(cache.get("big")).toBeUndefined();
    expect(cache.points).toBe(0);
  });
});

// The bound at its edges: a document weighing exactly the bound is held, and one over it is
// refused without evicting what the cache already holds.
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
