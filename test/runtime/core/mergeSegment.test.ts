import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidSegmentError } from "../../../runtime/core/errors.js";
import { parseLightCurveSegment } from "../../../runtime/core/lightCurveSegment.js";
import { emptyMasterLightCurve, masterLightCurveSchema, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import {
  applySegmentUpdates,
  mergeSegment,
  removeSegment,
  segmentMedians,
  type SegmentUpdate,
} from "../../../runtime/core/mergeSegment.js";
import { decodeMasterLightCurve, encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { TEST_PIC, testObjectName, testSegment, testSegmentBytes, type TestPoint } from "./testSegments.js";

const UPDATED = "2026-11-26T00:00:00.000Z";
const empty = (): MasterLightCurve => emptyMasterLightCurve(TEST_PIC, UPDATED);
const opts = { updated: UPDATED };
const A = testObjectName(1);
const B = testObjectName(2);

/** The points of an MLC as rows, for readable comparisons. */
function rows(mlc: MasterLightCurve): [number, string, number][] {
  return mlc.points.time.map((t, i) => [t, mlc.segments[mlc.points.segment[i]!]!.object, mlc.points.R[i]!]);
}

describe("mergeSegment", () => {
  it("merges the 2016 sample into an empty MLC: every raw value kept, points sorted by time", () => {
    const file = "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json";
    const bytes = readFileSync(path.resolve(__dirname, "../../fixtures/2016-sample", file));
    const segment = parseLightCurveSegment(file, bytes);
    const { mlc, changed, outcomes } = mergeSegment(empty(), segment, "7", opts);
    expect(changed).toBe(true);
    expect(outcomes).toEqual(["merged"]);
    expect(masterLightCurveSchema.safeParse(mlc).success).toBe(true);
    expect(mlc.segments).toEqual([
      expect.objectContaining({ object: file, generation: "7", unit: "PAN000", camera: "108715", start: "2016-07-02T09:18:28.837000", points: 106 }),
    ]);
    const times = mlc.points.time;
    expect(times.every((t, i) => i === 0 || times[i - 1]! <= t)).toBe(true);
    // Same multiset of raw points as uploaded.
    const uploaded = segment.points.map((p, i) => [segment.timeUnixS[i], p.exptime, p.R, p.G, p.B, p.sig_r, p.sig_g, p.sig_b].join());
    const stored = times.map((t, i) => [t, ...(["exptime", "R", "G", "B", "sig_r", "sig_g", "sig_b"] as const).map((c) => mlc.points[c][i])].join());
    expect(stored.sort()).toEqual(uploaded.sort());
  });

  it("returns the same document, unchanged, for a duplicate or an older generation", () => {
    const first = mergeSegment(empty(), testSegment(A, [{ offsetS: 10, seed: 1 }]), "5", opts).mlc;
    for (const generation of ["5", "4"]) {
      const again = mergeSegment(first, testSegment(A, [{ offsetS: 99, seed: 9 }]), generation, opts);
      expect(again).toEqual({ mlc: first, changed: false, outcomes: ["unchanged"] });
      expect(again.mlc).toBe(first);
    }
  });

  it("replaces an object's points with a newer generation", () => {
    let mlc = mergeSegment(empty(), testSegment(A, [{ offsetS: 10, seed: 1 }, { offsetS: 20, seed: 2 }]), "5", opts).mlc;
    mlc = mergeSegment(mlc, testSegment(B, [{ offsetS: 15, seed: 3 }]), "1", opts).mlc;
    const result = mergeSegment(mlc, testSegment(A, [{ offsetS: 30, seed: 4 }]), "12", opts);
    expect(result.outcomes).toEqual(["merged"]);
    expect(rows(result.mlc).map(([, object]) => object)).toEqual([B, A]);
    expect(result.mlc.segments.map((s) => [s.object, s.generation, s.points])).toEqual([
      [A, "12", 1],
      [B, "1", 1],
    ]);
  });

  it("compares generations as int64 numbers, not strings", () => {
    const mlc = mergeSegment(empty(), testSegment(A, [{ offsetS: 1, seed: 1 }]), "9", opts).mlc;
    expect(mergeSegment(mlc, testSegment(A, [{ offsetS: 2, seed: 2 }]), "10", opts).outcomes).toEqual(["merged"]);
    const big = mergeSegment(empty(), testSegment(A, [{ offsetS: 1, seed: 1 }]), "1732617600123456789", opts).mlc;
    expect(mergeSegment(big, testSegment(A, [{ offsetS: 2, seed: 2 }]), "1732617600123456788", opts).changed).toBe(false);
  });

  it("orders points of equal time by object name, whatever the merge order", () => {
    const a = testSegment(A, [{ offsetS: 10, seed: 1 }]);
    const b = testSegment(B, [{ offsetS: 10, seed: 2 }]);
    const ab = mergeSegment(mergeSegment(empty(), a, "1", opts).mlc, b, "1", opts).mlc;
    const ba = mergeSegment(mergeSegment(empty(), b, "1", opts).mlc, a, "1", opts).mlc;
    expect(ab).toEqual(ba);
    expect(rows(ab).map(([, object]) => object)).toEqual([A, B].sort());
  });

  it("lists segments by start, then object name", () => {
    const late = testObjectName(1, { startOffsetS: 600 });
    const mlc = applySegmentUpdates(empty(), [
      { kind: "merge", segment: testSegment(late, [{ offsetS: 700, seed: 1 }]), generation: "1" },
      { kind: "merge", segment: testSegment(B, [{ offsetS: 5, seed: 1 }]), generation: "1" },
      { kind: "merge", segment: testSegment(A, [{ offsetS: 5, seed: 1 }]), generation: "1" },
    ]).mlc;
    expect(mlc.segments.map((s) => s.object)).toEqual([A, B, late]);
    expect(mlc.points.segment).toEqual([0, 1, 2]);
  });

  it("refuses a segment of another star, naming it", () => {
    const other = testSegment(testObjectName(1, { pic: "PIC_J18365633+3847012" }), [{ offsetS: 1, seed: 1 }]);
    expect(() => mergeSegment(empty(), other, "1")).toThrow(InvalidSegmentError);
    expect(() => mergeSegment(empty(), other, "1")).toThrow(/PIC_J18365633\+3847012.*not to the MLC of PIC_J0326137\+295015/);
  });

  it.each([
    ["odd count", [1, 3, 2], 2],
    ["even count", [4, 1, 3, 2], 2.5],
    ["one point", [7], 7],
  ])("computes per-channel medians (%s)", (_label, seeds, medianSeed) => {
    const segment = testSegment(A, seeds.map((seed, i) => ({ offsetS: i, seed })));
    const median = segmentMedians(segment);
    expect(median.R).toBeCloseTo(1 + medianSeed / 1000, 12);
    expect(median.G).toBeCloseTo(1 - medianSeed / 2000, 12);
    expect(median.B).toBeCloseTo(0.99 + medianSeed / 3000, 12);
  });
});

describe("removeSegment", () => {
  const base = (): MasterLightCurve =>
    applySegmentUpdates(empty(), [
      { kind: "merge", segment: testSegment(A, [{ offsetS: 1, seed: 1 }, { offsetS: 3, seed: 3 }]), generation: "5" },
      { kind: "merge", segment: testSegment(B, [{ offsetS: 2, seed: 2 }]), generation: "5" },
    ], opts).mlc;

  it.each([
    ["the merged generation", "5", "removed"],
    ["a newer generation", "6", "removed"],
    ["no generation (whatever is merged)", undefined, "removed"],
    ["an older, superseded generation", "4", "unchanged"],
  ])("removing %s → %s", (_label, generation, outcome) => {
    const before = base();
    const result = removeSegment(before, A, generation, opts);
    expect(result.outcomes).toEqual([outcome]);
    if (outcome === "removed") {
      expect(result.mlc.segments.map((s) => s.object)).toEqual([B]);
      expect(rows(result.mlc)).toEqual([[rows(before)[1]![0], B, rows(before)[1]![2]]]);
      expect(result.mlc.points.segment).toEqual([0]);
    } else {
      expect(result.mlc).toBe(before);
    }
  });

  it("records a tombstone for an object the MLC does not hold, keeping every point", () => {
    const before = base();
    const result = removeSegment(before, testObjectName(3), "1", opts);
    expect(result).toEqual({ mlc: { ...before, tombstones: [{ object: testObjectName(3), generation: "1" }] }, changed: true, outcomes: ["unchanged"] });
    expect(removeSegment(result.mlc, testObjectName(3), "1", opts)).toEqual({ mlc: result.mlc, changed: false, outcomes: ["unchanged"] });
  });

  it("ignores an older generation after a delete (the tombstone), and takes a newer one", () => {
    const removed = removeSegment(base(), A, "5", opts).mlc;
    expect(removed.tombstones).toEqual([{ object: A, generation: "5" }]);
    const a = (generation: string) => mergeSegment(removed, testSegment(A, [{ offsetS: 4, seed: 4 }]), generation, opts);
    expect(a("5")).toMatchObject({ mlc: removed, changed: false, outcomes: ["unchanged"] });
    expect(a("4")).toMatchObject({ mlc: removed, changed: false, outcomes: ["unchanged"] });
    const back = a("6");
    expect(back.outcomes).toEqual(["merged"]);
    expect(back.mlc.tombstones).toBeUndefined();
    expect(back.mlc.segments.map((s) => [s.object, s.generation])).toEqual([[A, "6"], [B, "5"]]);
  });
});

describe("applySegmentUpdates", () => {
  it("reports each outcome relative to the updates before it, and writes the final state", () => {
    const a1 = testSegment(A, [{ offsetS: 1, seed: 1 }]);
    const a2 = testSegment(A, [{ offsetS: 2, seed: 2 }]);
    const result = applySegmentUpdates(empty(), [
      { kind: "merge", segment: a1, generation: "1" },
      { kind: "merge", segment: a2, generation: "2" },
      { kind: "merge", segment: a1, generation: "1" },
      { kind: "remove", object: A, generation: "1" },
    ], opts);
    expect(result.outcomes).toEqual(["merged", "merged", "unchanged", "unchanged"]);
    expect(result.mlc).toEqual(mergeSegment(empty(), a2, "2", opts).mlc);
  });

  it("is not changed when every update is a duplicate or stale", () => {
    const a1 = testSegment(A, [{ offsetS: 1, seed: 1 }]);
    const before = mergeSegment(empty(), a1, "2", opts).mlc;
    const result = applySegmentUpdates(before, [{ kind: "merge", segment: a1, generation: "2" }, { kind: "remove", object: A, generation: "1" }, { kind: "merge", segment: a1, generation: "1" }]);
    expect(result.changed).toBe(false);
    expect(result.mlc).toBe(before);
  });

  it("keeps a remove and a re-merge of the same generation in one batch removed", () => {
    const a1 = testSegment(A, [{ offsetS: 1, seed: 1 }]);
    const before = mergeSegment(empty(), a1, "1", opts).mlc;
    const result = applySegmentUpdates(before, [{ kind: "remove", object: A }, { kind: "merge", segment: a1, generation: "1" }], opts);
    expect(result.outcomes).toEqual(["removed", "unchanged"]);
    expect(result.mlc.segments).toEqual([]);
    expect(result.mlc.tombstones).toEqual([{ object: A, generation: "1" }]);
  });

  it("takes the per-segment median of values near the largest double without overflow (finding 7)", () => {
    const huge = parseLightCurveSegment(A, testSegmentBytes([{ offsetS: 1, seed: 1 }, { offsetS: 2, seed: 2 }]).replaceAll(/"R":[0-9.e+-]+/g, '"R":1e308'));
    const merged = mergeSegment(empty(), huge, "1", opts).mlc;
    expect(merged.segments[0]!.median.R).toBe(1e308);
    const decoded = decodeMasterLightCurve("MLC/x.json", encodeMasterLightCurve(merged), TEST_PIC);
    expect(decoded.points.R).toEqual([1e308, 1e308]);
  });
});

/**
 * Order independence (issue 5 acceptance): objects with several generations each; deliveries are
 * every finalize of every generation (at least once, duplicated at will) and deletes of superseded
 * generations (GCS sends OBJECT_DELETE for an overwritten generation), shuffled and cut into
 * batches. Times come from a small grid so that points of different objects often tie.
 */
describe("merge order independence (property)", () => {
  const pointArb = fc.record({ offsetS: fc.integer({ min: 0, max: 8 }).map((k) => k * 30), seed: fc.integer({ min: 0, max: 50 }) });
  const historyArb = fc.array(fc.array(pointArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 });
  const scenarioArb = fc
    .uniqueArray(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
    .chain((objects) =>
      fc.tuple(
        fc.constant(objects),
        fc.array(historyArb, { minLength: objects.length, maxLength: objects.length }),
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 40, maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }),
      ),
    )
    .chain(([objects, histories, copies, deletes]) => {
      const deliveries: SegmentUpdate[] = [];
      const latest: SegmentUpdate[] = [];
      let c = 0;
      objects.forEach((n, o) => {
        const object = testObjectName(n);
        histories[o]!.forEach((points: TestPoint[], g) => {
          const generation = String(100 + g * 7);
          const segment = testSegment(object, points);
          const times = copies[c++ % copies.length]!;
          for (let k = 0; k < times; k++) deliveries.push({ kind: "merge", segment, generation });
          const superseded = g < histories[o]!.length - 1;
          if (superseded && deletes[c % deletes.length]) deliveries.push({ kind: "remove", object, generation });
          if (!superseded) latest.push({ kind: "merge", segment, generation });
        });
      });
      return fc.tuple(fc.constant(latest), fc.shuffledSubarray(deliveries, { minLength: deliveries.length }), fc.array(fc.integer({ min: 1, max: 4 })));
    });

  it("any permutation of any multiset of deliveries gives the MLC of the latest generations delivered once", () => {
    fc.assert(
      fc.property(scenarioArb, ([latest, shuffled, cuts]) => {
        let mlc = empty();
        let at = 0;
        for (const size of [...cuts, shuffled.length]) {
          mlc = applySegmentUpdates(mlc, shuffled.slice(at, at + size), opts).mlc;
          at += size;
        }
        const expected = applySegmentUpdates(empty(), latest, opts).mlc;
        expect(mlc.segments).toEqual(expected.segments);
        expect(mlc.points).toEqual(expected.points);
      }),
      { numRuns: 300 },
    );
  });
});
