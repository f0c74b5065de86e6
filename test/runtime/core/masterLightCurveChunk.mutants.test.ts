/**
 * MLC chunks beyond masterLightCurveChunk.test.ts: which chunk owns a segment, the chunk entry's
 * fields (id, point count, time range), where the tail is cut into chunks, and each refusal of a
 * chunk object that readers rely on.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { InvalidDocumentError } from "../../../runtime/core/errors.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import {
  chunkMasterLightCurve,
  chunkOfSegments,
  decodeChunk,
  liveChunkSegments,
  moveToChunks,
  rollOverTail,
  tailCounts,
  withoutDeadChunks,
} from "../../../runtime/core/masterLightCurveChunk.js";
import { applySegmentUpdates, type SegmentUpdate } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC, testObjectName, testSegment, type TestPoint } from "./testSegments.js";

const [A, B, C] = [testObjectName(1), testObjectName(2), testObjectName(3)];
const pts = (...offsets: number[]): TestPoint[] => offsets.map((offsetS, seed) => ({ offsetS, seed }));
const merge = (object: string, points: TestPoint[], generation: string): SegmentUpdate => ({ kind: "merge", segment: testSegment(object, points), generation });
const unchunked = (updates: SegmentUpdate[]): MasterLightCurve => applySegmentUpdates(emptyMasterLightCurve(TEST_PIC, "t"), updates, { updated: "t" }).mlc;
/** Applies updates keeping the chunk list, as applyChanges does. */
const apply = (mlc: MasterLightCurve, updates: SegmentUpdate[]): MasterLightCurve => ({
  ...applySegmentUpdates(mlc, updates, { updated: "t" }).mlc,
  ...(mlc.chunks && { chunks: mlc.chunks }),
});

describe("which chunk provides a segment's points", () => {
  it("counts each segment's tail points", () => {
    expect(Array.from(tailCounts(unchunked([merge(A, pts(1, 3, 5), "1"), merge(B, pts(2), "1")])))).toEqual([3, 1]);
  });

  it("leaves a chunked segment to the tail once the tail holds points of it again", () => {
    const { mlc } = rollOverTail(unchunked([merge(A, pts(10), "1"), merge(B, pts(20), "1")]));
    // A merged again at the same generation (a repair): its points are back in the tail.
    const repaired = apply(apply(mlc, [{ kind: "remove", object: A }]), [{ ...merge(A, pts(11), "1"), replaceNewer: true }]);
    expect(repaired.segments.map((s) => [s.object, s.generation])).toEqual([[A, "1"], [B, "1"]]);
    expect(liveChunkSegments(repaired)).toEqual([new Map([[1, 1]])]);
  });

  it("keeps the document unchanged without chunks, and drops only the chunks without live points", () => {
    const plain = unchunked([merge(A, pts(10), "1")]);
    expect(withoutDeadChunks(plain)).toBe(plain);
    expect(liveChunkSegments(plain)).toEqual([]);
    const first = rollOverTail(unchunked([merge(A, pts(10), "1")]));
    const both = rollOverTail(apply(first.mlc, [merge(B, pts(20), "1")]));
    const aGone = apply(both.mlc, [{ kind: "remove", object: A }]);
    expect(withoutDeadChunks(aGone).chunks).toEqual([both.chunk.ref]);
    expect(withoutDeadChunks(both.mlc).chunks).toEqual([first.chunk.ref, both.chunk.ref]);
  });
});

describe("building a chunk", () => {
  const mlc = unchunked([merge(A, pts(10, 40), "1"), merge(B, pts(20), "2"), merge(C, pts(30, 35), "3")]);

  it("holds the chosen segments' points in time order, indexed by its own segment list, named by the hash of its bytes", () => {
    const chunk = chunkOfSegments(mlc, [2, 0]);
    const content = JSON.parse(chunk.bytes.toString("utf8")) as { schema: number; pic: string; segments: unknown[]; points: Record<string, number[]> };
    expect(content.schema).toBe(1);
    expect(content.pic).toBe(TEST_PIC);
    expect(content.segments).toEqual([{ object: C, generation: "3" }, { object: A, generation: "1" }]);
    expect(content.points.segment).toEqual([1, 0, 0, 1]);
    // The MLC's points in time order are A@10, B@20, C@30, C@35, A@40: B's is left out.
    expect(content.points.time).toEqual([0, 2, 3, 4].map((p) => mlc.points.time[p]));
    expect(content.points.R).toEqual([0, 2, 3, 4].map((p) => mlc.points.R[p]));
    expect(content.points.sig_b).toEqual([0, 2, 3, 4].map((p) => mlc.points.sig_b[p]));
    const id = createHash("sha256").update(chunk.bytes).digest("hex").slice(0, 32);
    expect(chunk.ref).toEqual({ id, points: 4, firstTime: mlc.points.time[0], lastTime: mlc.points.time[4], segments: content.segments });
    expect(chunk.name).toBe(`MLC/${TEST_PIC}/${id}.json`);
  });

  it("gives an empty chunk a zero time range", () => {
    expect(chunkOfSegments(unchunked([]), []).ref).toMatchObject({ points: 0, firstTime: 0, lastTime: 0, segments: [] });
  });

  it("moves groups into chunks listed after the existing ones, skipping empty groups", () => {
    const { mlc: first } = rollOverTail(unchunked([merge(A, pts(5), "9")]));
    const withTail = apply(first, [merge(B, pts(20), "2"), merge(C, pts(30), "3")]);
    const { mlc: moved, chunks } = moveToChunks(withTail, [[], [2], []]);
    expect(chunks).toHaveLength(1);
    expect(moved.chunks).toEqual([first.chunks![0], chunks[0]!.ref]);
    expect(moved.points.segment).toEqual([1]);
    expect(moveToChunks(unchunked([merge(A, pts(5), "1")]), [[]]).mlc).not.toHaveProperty("chunks");
  });

  it("rolls over only the segments that have tail points", () => {
    const { mlc: first } = rollOverTail(unchunked([merge(A, pts(5), "9")]));
    const { mlc: rolled, chunk } = rollOverTail(apply(first, [merge(B, pts(20), "2")]));
    expect(chunk.ref.segments).toEqual([{ object: B, generation: "2" }]);
    expect(rolled.points.time).toEqual([]);
    expect(rolled.chunks).toHaveLength(2);
  });
});

describe("cutting the tail into chunks", () => {
  const mlc = unchunked([merge(A, pts(10, 11), "1"), merge(B, pts(20), "1"), merge(C, pts(30, 31, 32), "1")]);

  it.each([
    [1, [2, 1, 3], 0],
    [2, [2, 4], 0],
    [3, [3, 3], 0],
    [4, [6], 0],
    [7, [], 6],
  ])("with a limit of %d: chunks of %j points, %d points left in the tail", (limit, sizes, left) => {
    const { mlc: cut, chunks } = chunkMasterLightCurve(mlc, limit);
    expect(chunks.map((chunk) => chunk.ref.points)).toEqual(sizes);
    expect(cut.points.time).toHaveLength(left);
  });

  it("skips segments whose points are already chunked", () => {
    const { mlc: first } = rollOverTail(unchunked([merge(A, pts(5), "9")]));
    const { chunks } = chunkMasterLightCurve(apply(first, [merge(B, pts(20), "2")]), 1);
    expect(chunks.map((chunk) => chunk.ref.segments)).toEqual([[{ object: B, generation: "2" }]]);
  });
});

describe("decoding a chunk", () => {
  const NAME = `MLC/${TEST_PIC}/${"0".repeat(32)}.json`;
  const good = () => ({
    schema: 1,
    pic: TEST_PIC,
    segments: [{ object: A, generation: "1" }, { object: B, generation: "2" }],
    points: { time: [1, 2, 2], exptime: [1, 1, 1], R: [1, 2, 3], G: [1, 2, 3], B: [1, 2, 3], sig_r: [1, 1, 1], sig_g: [1, 1, 1], sig_b: [1, 1, 1], segment: [0, 1, 0] },
  });
  const bytes = (doc: unknown) => Buffer.from(typeof doc === "string" ? doc : JSON.stringify(doc));
  function refusal(body: Uint8Array): string {
    try {
      decodeChunk(NAME, body, TEST_PIC);
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidDocumentError);
      expect((error as InvalidDocumentError).objectName).toBe(NAME);
      return (error as Error).message.replace(`invalid document ${NAME}: `, "");
    }
    throw new Error("the chunk was accepted");
  }

  it("reads a chunk from a view into a larger buffer", () => {
    const body = bytes(good());
    const framed = new Uint8Array(body.length + 8);
    framed.set(body, 4);
    expect(decodeChunk(NAME, framed.subarray(4, 4 + body.length), TEST_PIC)).toEqual(good());
  });

  it.each([
    ["null", "null", "must be a JSON object"],
    ["a number", "7", "must be a JSON object"],
    ["with points a number", { ...good(), points: 7 }, "points: must be an object of columns"],
    ["schema 2", { ...good(), schema: 2 }, `must be a schema 1 chunk of ${TEST_PIC}`],
    ["another star's", { ...good(), pic: "PIC_J18365633+3847012" }, `must be a schema 1 chunk of ${TEST_PIC}`],
    ["with a bad segment entry", { ...good(), segments: [{ object: A, generation: "x" }] }, "segments: must be a decimal generation"],
    ["without points", { ...good(), points: null }, "points: must be an object of columns"],
    ["without a time column", { ...good(), points: { ...good().points, time: undefined } }, "points.time: must be an array of -1 numbers"],
    ["with a string value", { ...good(), points: { ...good().points, G: [1, "2", 3] } }, "points.G: must be an array of 3 numbers"],
    ["with a column not an array", { ...good(), points: { ...good().points, segment: {} } }, "points.segment: must be an array of 3 numbers"],
    ["with a segment index past the end", { ...good(), points: { ...good().points, segment: [0, 2, 0] } }, "points.segment.1: 2 is not a segment index"],
    ["with a negative segment index", { ...good(), points: { ...good().points, segment: [0, 1, -1] } }, "points.segment.2: -1 is not a segment index"],
    ["with a fractional segment index", { ...good(), points: { ...good().points, segment: [0.5, 1, 0] } }, "points.segment.0: 0.5 is not a segment index"],
    ["with times out of order", { ...good(), points: { ...good().points, time: [1, 3, 2] } }, "points.time.2: not sorted"],
  ])("refuses a chunk %s", (_label, doc, message) => {
    expect(refusal(bytes(doc))).toBe(message);
  });
});
