/**
 * Merge rules (design §4) on the paths mergeSegment.test.ts leaves open: reconcile's
 * `replaceNewer` repair, tombstone-only changes (which rewrite no points but must still be
 * written), removes of objects the MLC never held, the `updated` time, the order of points
 * that share a time within one segment, and a chunked document's chunk list.
 */
import { describe, expect, it } from "vitest";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { rollOverTail } from "../../../runtime/core/masterLightCurveChunk.js";
import { applySegmentUpdates, mergeSegment, recordedGenerations, removeSegment } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC, testObjectName, testSegment, type TestPoint } from "./testSegments.js";

const OLD = "2026-11-26T00:00:00.000Z";
const NEW = "2026-11-27T00:00:00.000Z";
const [A, B, C] = [testObjectName(1), testObjectName(2), testObjectName(3)];
const pts = (...offsets: number[]): TestPoint[] => offsets.map((offsetS, seed) => ({ offsetS, seed }));
const empty = (): MasterLightCurve => emptyMasterLightCurve(TEST_PIC, OLD);
/** A holds generation 5 (points at 10 and 30 s), B generation 5 (20 s). */
const base = (): MasterLightCurve =>
  applySegmentUpdates(empty(), [
    { kind: "merge", segment: testSegment(A, pts(10, 30)), generation: "5" },
    { kind: "merge", segment: testSegment(B, pts(20)), generation: "5" },
  ], { updated: OLD }).mlc;
const objects = (mlc: MasterLightCurve) => mlc.points.segment.map((s) => mlc.segments[s]!.object);

describe("reconcile's repair (replaceNewer)", () => {
  it("merges an older generation over a newer one, and only when asked to", () => {
    const older = testSegment(A, pts(12));
    expect(applySegmentUpdates(base(), [{ kind: "merge", segment: older, generation: "3" }]).changed).toBe(false);
    const repaired = applySegmentUpdates(base(), [{ kind: "merge", segment: older, generation: "3", replaceNewer: true }], { updated: NEW });
    expect(repaired.outcomes).toEqual(["merged"]);
    expect(repaired.mlc.segments.map((s) => [s.object, s.generation, s.points])).toEqual([[A, "3", 1], [B, "5", 1]]);
    expect(objects(repaired.mlc)).toEqual([A, B]);
  });

  it("still leaves a live object alone at the generation it holds", () => {
    const before = base();
    const again = applySegmentUpdates(before, [{ kind: "merge", segment: testSegment(A, pts(12)), generation: "5", replaceNewer: true }]);
    expect(again).toEqual({ mlc: before, changed: false, outcomes: ["unchanged"] });
  });

  it("removes at an older generation than the one held when asked to", () => {
    expect(removeSegment(base(), A, "4").changed).toBe(false);
    const removed = applySegmentUpdates(base(), [{ kind: "remove", object: A, generation: "4", replaceNewer: true }], { updated: NEW });
    expect(removed.outcomes).toEqual(["removed"]);
    expect(removed.mlc.tombstones).toEqual([{ object: A, generation: "4" }]);
    expect(objects(removed.mlc)).toEqual([B]);
  });
});

describe("tombstones", () => {
  it("moves a tombstone to a newer delete without calling it a removal, and writes the new time", () => {
    const removed = removeSegment(base(), A, "5", { updated: OLD }).mlc;
    const later = removeSegment(removed, A, "7", { updated: NEW });
    expect(later.changed).toBe(true);
    expect(later.outcomes).toEqual(["unchanged"]);
    expect(later.mlc.tombstones).toEqual([{ object: A, generation: "7" }]);
    expect(later.mlc.updated).toBe(NEW);
    expect(later.mlc.points).toEqual(removed.points);
    expect(later.mlc.segments).toEqual(removed.segments);
    expect(removeSegment(later.mlc, A, "6").changed).toBe(false);
  });

  it("writes a tombstone for an unknown object with the new time, points untouched", () => {
    const before = base();
    const result = removeSegment(before, C, "2", { updated: NEW });
    expect(result.mlc).toEqual({ ...before, updated: NEW, tombstones: [{ object: C, generation: "2" }] });
  });

  it("changes nothing for a delete without generation of an object the MLC never heard of", () => {
    const before = base();
    expect(removeSegment(before, C)).toEqual({ mlc: before, changed: false, outcomes: ["unchanged"] });
  });

  it("lists tombstones by object name, whatever the order of the deletes", () => {
    const D = testObjectName(4);
    const result = applySegmentUpdates(base(), [
      { kind: "remove", object: D, generation: "1" },
      { kind: "remove", object: C, generation: "1" },
      { kind: "remove", object: B },
      { kind: "remove", object: A },
    ], { updated: NEW });
    expect(result.outcomes).toEqual(["unchanged", "unchanged", "removed", "removed"]);
    expect(result.mlc.tombstones).toEqual([
      { object: A, generation: "5" },
      { object: B, generation: "5" },
      { object: C, generation: "1" },
      { object: D, generation: "1" },
    ]);
    expect(result.mlc.segments).toEqual([]);
    expect(result.mlc.points.time).toEqual([]);
  });

  it("records what the document holds of each object, live or dead", () => {
    const mlc = removeSegment(base(), B, undefined, { updated: OLD }).mlc;
    expect(recordedGenerations(mlc)).toEqual(new Map([
      [A, { generation: "5", dead: false }],
      [B, { generation: "5", dead: true }],
    ]));
  });
});

describe("a batch that ends where it started", () => {
  it("leaves the document unchanged: a delete and a repair at the same generation", () => {
    const before = base();
    const result = applySegmentUpdates(before, [
      { kind: "remove", object: A },
      { kind: "merge", segment: testSegment(A, pts(10, 30)), generation: "5", replaceNewer: true },
    ], { updated: NEW });
    expect(result).toEqual({ mlc: before, changed: false, outcomes: ["removed", "merged"] });
    expect(result.mlc).toBe(before);
  });
});

describe("the updated time", () => {
  it("is now when not given, and only on a changed document", () => {
    const before = Date.now();
    const { mlc } = mergeSegment(empty(), testSegment(A, pts(1)), "1");
    const written = Date.parse(mlc.updated);
    expect(written).toBeGreaterThanOrEqual(before);
    expect(written).toBeLessThanOrEqual(Date.now());
    expect(mlc.updated).toBe(new Date(written).toISOString());
    expect(mergeSegment(mlc, testSegment(A, pts(1)), "1").mlc.updated).toBe(mlc.updated);
  });
});

describe("points", () => {
  it("keeps points of one segment that share a time in upload order", () => {
    const segment = testSegment(A, [{ offsetS: 10, seed: 5 }, { offsetS: 5, seed: 3 }, { offsetS: 10, seed: 1 }, { offsetS: 10, seed: 9 }]);
    const { mlc } = mergeSegment(empty(), segment, "1", { updated: OLD });
    expect(mlc.points.R).toEqual([3, 5, 1, 9].map((seed) => 1 + seed / 1000));
  });

  it("places new points among old ones of equal time by object name, on both sides", () => {
    // B holds a point at 20 s; A and C arrive with points at 20 s too.
    const b = mergeSegment(empty(), testSegment(B, pts(20)), "1", { updated: OLD }).mlc;
    const { mlc } = applySegmentUpdates(b, [
      { kind: "merge", segment: testSegment(C, pts(20)), generation: "1" },
      { kind: "merge", segment: testSegment(A, pts(20)), generation: "1" },
    ], { updated: OLD });
    expect(objects(mlc)).toEqual([A, B, C]);
    expect(mlc.points.segment).toEqual([0, 1, 2]);
  });

  it("keeps every column of the old points when others are replaced", () => {
    const before = base();
    const { mlc } = mergeSegment(before, testSegment(A, pts(40)), "6", { updated: NEW });
    expect(objects(mlc)).toEqual([B, A]);
    for (const column of ["time", "exptime", "R", "G", "B", "sig_r", "sig_g", "sig_b"] as const) {
      expect(mlc.points[column][0]).toBe(before.points[column][1]);
    }
  });
});

describe("segment order", () => {
  it("lists a segment that starts earlier first, though merged later and named after the other", () => {
    const late = testObjectName(1, { startOffsetS: 600 });
    const early = testObjectName(2);
    const first = mergeSegment(empty(), testSegment(late, pts(700)), "1", { updated: OLD }).mlc;
    const { mlc } = mergeSegment(first, testSegment(early, pts(5)), "1", { updated: OLD });
    expect(mlc.segments.map((s) => s.object)).toEqual([early, late]);
    expect(mlc.points.segment).toEqual([0, 1]);
  });
});

describe("a chunked document", () => {
  it("keeps its chunk list, schema and PIC through a merge", () => {
    const { mlc: rolled } = rollOverTail(base());
    const { mlc } = mergeSegment(rolled, testSegment(C, pts(50)), "1", { updated: NEW });
    expect(mlc.chunks).toEqual(rolled.chunks);
    expect(mlc.schema).toBe(1);
    expect(mlc.pic).toBe(TEST_PIC);
    expect(mlc.segments.map((s) => s.object)).toEqual([A, B, C]);
    expect(objects(mlc)).toEqual([C]);
  });

  it("is the only kind with a chunk list: a merge into a plain document adds none", () => {
    const { mlc } = mergeSegment(base(), testSegment(C, pts(50)), "1", { updated: NEW });
    expect(Object.keys(mlc)).not.toContain("chunks");
  });
});
