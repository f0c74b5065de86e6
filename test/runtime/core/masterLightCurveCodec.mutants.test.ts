/**
 * The MLC codec's less common paths (masterLightCurveCodec.test.ts covers the main ones):
 * tombstones, chunk-held segments, the header fields, and the edges of the column checks.
 * Each refusal must name the document and the fault; each accepted document must come back
 * with exactly the fields the merge relies on.
 */
import { describe, expect, it } from "vitest";
import { InvalidDocumentError } from "../../../runtime/core/errors.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { decodeMasterLightCurve, encodeMasterLightCurve, segmentKey } from "../../../runtime/core/masterLightCurveCodec.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC, testObjectName, testSegment } from "./testSegments.js";

const NAME = `MLC/${TEST_PIC}.json`;
const [A, B, C] = [testObjectName(1), testObjectName(2), testObjectName(3)];
const CHUNK_ID = "0123456789abcdef0123456789abcdef";

function sample(): MasterLightCurve {
  return applySegmentUpdates(emptyMasterLightCurve(TEST_PIC, "t"), [
    { kind: "merge", segment: testSegment(A, [{ offsetS: 30, seed: 1 }, { offsetS: 10, seed: 2 }]), generation: "3" },
    { kind: "merge", segment: testSegment(B, [{ offsetS: 20, seed: 3 }]), generation: "8" },
    { kind: "remove", object: C, generation: "4" },
  ], { updated: "t" }).mlc;
}

type Loose = Record<string, unknown> & { points: Record<string, unknown[]>; segments: Record<string, unknown>[] };

function edited(edit: (doc: Loose) => void): string {
  const doc = JSON.parse(JSON.stringify(sample())) as Loose;
  edit(doc);
  return JSON.stringify(doc);
}

function refusal(body: string | Uint8Array, expectedPic: string | undefined = TEST_PIC): string {
  try {
    decodeMasterLightCurve(NAME, body, expectedPic);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDocumentError);
    expect((error as InvalidDocumentError).objectName).toBe(NAME);
    return (error as Error).message.replace(`invalid document ${NAME}: `, "");
  }
  throw new Error("the document was accepted");
}

describe("MLC codec: tombstones", () => {
  it("keeps the tombstones of a document", () => {
    const mlc = sample();
    expect(mlc.tombstones).toEqual([{ object: C, generation: "4" }]);
    expect(decodeMasterLightCurve(NAME, encodeMasterLightCurve(mlc), TEST_PIC)).toEqual(mlc);
  });

  it.each([
    ["listed twice", (d: Loose) => (d.tombstones = [{ object: C, generation: "4" }, { object: C, generation: "5" }]), `tombstones: ${C} is listed twice, or also as a segment`],
    ["also a segment", (d: Loose) => (d.tombstones = [{ object: A, generation: "9" }]), `tombstones: ${A} is listed twice, or also as a segment`],
    ["without a decimal generation", (d: Loose) => (d.tombstones = [{ object: C, generation: "4" }, { object: B.replace("PAN002", "PAN009"), generation: "x" }]), "tombstones.1.generation: must be a decimal generation"],
    ["not an array", (d: Loose) => (d.tombstones = {}), /^tombstones\.: /],
  ])("refuses tombstones %s", (_label, edit, message) => {
    expect(refusal(edited(edit))).toMatch(typeof message === "string" ? new RegExp(`^${escape(message)}$`) : message);
  });
});

describe("MLC codec: chunk-held segments", () => {
  /** The sample with A's points moved out of the tail into a chunk listing (A, 3). */
  const chunked = (listed: { object: string; generation: string }): string =>
    edited((d) => {
      d.chunks = [{ id: CHUNK_ID, points: 2, firstTime: 1, lastTime: 2, segments: [listed] }];
      const keep = d.points.segment!.map((s) => s !== 0);
      for (const column of Object.keys(d.points)) d.points[column] = d.points[column]!.filter((_, i) => keep[i]);
      d.points.segment = d.points.segment!.map(() => 1);
    });

  it("accepts a segment with no tail points that a chunk lists at its generation, keeping the chunk list", () => {
    const mlc = decodeMasterLightCurve(NAME, chunked({ object: A, generation: "3" }), TEST_PIC);
    expect(mlc.chunks).toEqual([{ id: CHUNK_ID, points: 2, firstTime: 1, lastTime: 2, segments: [{ object: A, generation: "3" }] }]);
    expect(mlc.points.segment).toEqual([1]);
    expect(mlc.segments.map((s) => [s.object, s.points])).toEqual([[A, 2], [B, 1]]);
  });

  it("refuses it when the chunk lists another generation of the object", () => {
    expect(refusal(chunked({ object: A, generation: "2" }))).toBe(`segments.0.points: says 2, the columns hold 0 and no chunk lists ${A} at 3`);
  });

  it("refuses tail points short of the count even when a chunk lists the segment", () => {
    const body = edited((d) => {
      d.chunks = [{ id: CHUNK_ID, points: 2, firstTime: 1, lastTime: 2, segments: [{ object: A, generation: "3" }] }];
      d.segments[0]!.points = 3;
    });
    expect(refusal(body)).toMatch(/^segments\.0\.points: says 3, the columns hold 2 /);
  });

  it("keys a merged pair by generation and object", () => {
    expect(segmentKey({ object: A, generation: "3" })).toBe(`3 ${A}`);
    expect(segmentKey({ object: "x", generation: "3" })).not.toBe(segmentKey({ object: "x", generation: "30" }));
  });
});

describe("MLC codec: header and columns", () => {
  it("reads bytes from a view into a larger buffer, and any PIC when none is expected", () => {
    const bytes = encodeMasterLightCurve(sample());
    const framed = new Uint8Array(bytes.length + 20);
    framed.set(bytes, 10);
    expect(decodeMasterLightCurve(NAME, framed.subarray(10, 10 + bytes.length), TEST_PIC)).toEqual(sample());
    const other = edited((d) => (d.pic = "PIC_J18365633+3847012"));
    expect(decodeMasterLightCurve(NAME, other).pic).toBe("PIC_J18365633+3847012");
  });

  it("returns only the document's known fields, and no tombstones or chunks when it has none", () => {
    const mlc = decodeMasterLightCurve(NAME, edited((d) => (d.extra = "x")), TEST_PIC);
    expect(Object.keys(mlc).sort()).toEqual(["pic", "points", "schema", "segments", "tombstones", "updated"]);
    const plain = decodeMasterLightCurve(NAME, edited((d) => delete d.tombstones), TEST_PIC);
    expect(Object.keys(plain).sort()).toEqual(["pic", "points", "schema", "segments", "updated"]);
  });

  it("refuses a PIC that is not a string, even one whose text is a PIC id, when no PIC is expected", () => {
    expect(refusal(edited((d) => (d.pic = [TEST_PIC])), undefined)).toBe(`pic: must be a PIC id (got ["${TEST_PIC}"])`);
  });

  it.each([
    ["null", "null", "must be a JSON object"],
    ["a number", "7", "must be a JSON object"],
    ["a string", '"MLC"', "must be a JSON object"],
    ["schema missing", edited((d) => delete d.schema), "schema: must be 1 (got undefined)"],
    ["schema as a string", edited((d) => (d.schema = "1")), 'schema: must be 1 (got "1")'],
    ["pic a number", edited((d) => (d.pic = 7)), "pic: must be a PIC id (got 7)"],
    ["updated missing", edited((d) => delete d.updated), "updated: must be a string"],
    ["updated a number", edited((d) => (d.updated = 1)), "updated: must be a string"],
    ["segments missing", edited((d) => delete (d as Partial<Loose>).segments), /^segments\.: /],
    ["a negative point count", edited((d) => (d.segments[1]!.points = -1)), /^segments\.1\.points: /],
    ["points null", edited((d) => (d.points = null as unknown as Loose["points"])), "points: must be an object of columns"],
    ["points.time not an array", edited((d) => (d.points.time = {} as unknown as unknown[])), "points.time: must be an array"],
    ["a negative segment index", edited((d) => (d.points.segment![0] = -1)), "points.segment.0: -1 is not a segment index"],
    ["a fractional segment index", edited((d) => (d.points.segment![2] = 0.5)), "points.segment.2: 0.5 is not a segment index"],
    ["a segment index one past the end", edited((d) => (d.points.segment![1] = 2)), "points.segment.1: 2 is not a segment index"],
    ["times out of order at the end", edited((d) => (d.points.time = [5, 7, 6])), "points.time.2: not sorted (6 after 7)"],
    ["points a number", edited((d) => (d.points = 7 as unknown as Loose["points"])), "points: must be an object of columns"],
    ["points.time missing", edited((d) => delete d.points.time), "points.time: must be an array"],
    ["two unknown columns", edited((d) => ((d.points.flux = [1, 2, 3]), (d.points.mag = [1, 2, 3]))), "points: unknown column(s) flux, mag"],
  ])("refuses %s", (_label, body, message) => {
    expect(refusal(body)).toMatch(typeof message === "string" ? new RegExp(`^${escape(message)}$`) : message);
  });

  it("accepts points of equal time", () => {
    const body = edited((d) => (d.points.time = [5, 5, 5]));
    expect(decodeMasterLightCurve(NAME, body, TEST_PIC).points.time).toEqual([5, 5, 5]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
