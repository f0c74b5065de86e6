import { describe, expect, it } from "vitest";
import { InvalidDocumentError } from "../../../runtime/core/errors.js";
import { assembleMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { emptyMasterLightCurve, parseMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import {
  chunkMasterLightCurve,
  decodeChunk,
  liveChunkSegments,
  rollOverTail,
  withoutDeadChunks,
  type EncodedChunk,
  type MlcChunk,
} from "../../../runtime/core/masterLightCurveChunk.js";
import { decodeMasterLightCurve, encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { applySegmentUpdates, type SegmentUpdate } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC, testObjectName, testSegment, type TestPoint } from "./testSegments.js";

const MLC = `MLC/${TEST_PIC}.json`;
const [A, B, C] = [testObjectName(1), testObjectName(2), testObjectName(3)];
const pts = (...offsets: number[]): TestPoint[] => offsets.map((offsetS, seed) => ({ offsetS, seed }));
const merge = (object: string, points: TestPoint[], generation: string): SegmentUpdate => ({ kind: "merge", segment: testSegment(object, points), generation });

/** Applies updates to a document, keeping its chunk list as applyChanges does. */
function apply(mlc: MasterLightCurve, updates: SegmentUpdate[]): MasterLightCurve {
  return { ...applySegmentUpdates(mlc, updates, { updated: mlc.updated }).mlc, ...(mlc.chunks && { chunks: mlc.chunks }) };
}

/** Chunks by position in the document, decoded from their encoded bytes. */
function decoded(mlc: MasterLightCurve, written: readonly EncodedChunk[]): Map<number, MlcChunk> {
  const byId = new Map(written.map((chunk) => [chunk.ref.id, chunk]));
  return new Map((mlc.chunks ?? []).map((ref, c) => [c, decodeChunk(byId.get(ref.id)!.name, byId.get(ref.id)!.bytes, TEST_PIC)]));
}

const unchunked = (updates: SegmentUpdate[]): MasterLightCurve => applySegmentUpdates(emptyMasterLightCurve(TEST_PIC, "t"), updates, { updated: "t" }).mlc;

describe("MLC chunks", () => {
  it("rolls the tail over into a content-named chunk that the document lists and the codecs accept", () => {
    const mlc = unchunked([merge(A, pts(10, 30), "1"), merge(B, pts(20), "2")]);
    const { mlc: rolled, chunk } = rollOverTail(mlc);
    expect(rolled.points.time).toEqual([]);
    expect(rolled.chunks).toEqual([chunk.ref]);
    expect(chunk.ref).toMatchObject({ points: 3, segments: [{ object: A, generation: "1" }, { object: B, generation: "2" }] });
    expect(chunk.name).toBe(`MLC/${TEST_PIC}/${chunk.ref.id}.json`);
    expect(rollOverTail(mlc).chunk.bytes).toEqual(chunk.bytes); // deterministic: a retried batch writes the same object
    const bytes = encodeMasterLightCurve(rolled);
    expect(decodeMasterLightCurve(MLC, bytes, TEST_PIC)).toEqual(rolled);
    expect(parseMasterLightCurve(MLC, bytes)).toEqual(rolled);
    expect(assembleMasterLightCurve(rolled, decoded(rolled, [chunk]))).toEqual(mlc);
  });

  it("drops the points of replaced and deleted chunked segments, and chunks left without live points", () => {
    const { mlc: rolled, chunk } = rollOverTail(unchunked([merge(A, pts(10, 30), "1"), merge(B, pts(20), "2")]));
    const replaced = apply(rolled, [merge(A, pts(15), "5")]);
    expect(liveChunkSegments(replaced)).toEqual([new Map([[1, 1]])]); // B only: chunk segment 1 is document segment 1
    expect(assembleMasterLightCurve(replaced, decoded(replaced, [chunk]))).toEqual(unchunked([merge(A, pts(15), "5"), merge(B, pts(20), "2")]));

    const removed = apply(replaced, [{ kind: "remove", object: B }]);
    expect(withoutDeadChunks(removed).chunks).toBeUndefined();
    expect(assembleMasterLightCurve(removed, new Map())).toEqual({ ...unchunked([merge(A, pts(15), "5")]), tombstones: [{ object: B, generation: "2" }] });
  });

  it("takes a segment's points from one place only: the tail, else the latest chunk listing it", () => {
    const first = rollOverTail(unchunked([merge(A, pts(10), "1")]));
    // A deleted and merged again at the same generation (reconcile's repair of a generation that
    // went back), rolled over into a second chunk, then once more into the tail.
    const again = rollOverTail(apply(apply(first.mlc, [{ kind: "remove", object: A }]), [{ ...merge(A, pts(10), "1"), replaceNewer: true }, merge(B, pts(20), "2")]));
    expect(liveChunkSegments(again.mlc)).toEqual([new Map(), new Map([[0, 0], [1, 1]])]);
    const expected = unchunked([merge(A, pts(10), "1"), merge(B, pts(20), "2")]);
    expect(assembleMasterLightCurve(again.mlc, decoded(again.mlc, [first.chunk, again.chunk]))).toEqual(expected);
    const inTail = apply(apply(again.mlc, [{ kind: "remove", object: A }]), [{ ...merge(A, pts(10), "1"), replaceNewer: true }]);
    expect(liveChunkSegments(inTail)).toEqual([new Map(), new Map([[1, 1]])]);
    expect(assembleMasterLightCurve(inTail, decoded(inTail, [first.chunk, again.chunk]))).toEqual(expected);
  });

  it("splits a rebuilt MLC into chunks of whole segments and assembles it back point for point", () => {
    // Interleaved times across segments: assembly must merge the chunks, not concatenate them.
    const full = unchunked([merge(A, pts(10, 40, 70), "1"), merge(B, pts(20, 50), "2"), merge(C, pts(30, 60, 90), "3")]);
    const { mlc, chunks } = chunkMasterLightCurve(full, 2);
    expect(chunks.map((chunk) => chunk.ref.points)).toEqual([3, 2, 3]);
    expect(mlc.points.time).toEqual([]);
    expect(assembleMasterLightCurve(mlc, decoded(mlc, chunks))).toEqual(full);
  });

  it("reports a document whose chunks do not hold the points it lists", () => {
    const { mlc, chunk } = rollOverTail(unchunked([merge(A, pts(10, 30), "1")]));
    const lying = { ...mlc, segments: [{ ...mlc.segments[0]!, points: 3 }] };
    expect(() => assembleMasterLightCurve(lying, decoded(mlc, [chunk]))).toThrow(/1: 3 points listed, 2 found in the tail and chunks/);
  });

  it.each([
    ["not JSON", "{", /not valid JSON/],
    ["another star", JSON.stringify({ schema: 1, pic: "PIC_J18365633+3847012", segments: [], points: {} }), /chunk of PIC_J0326137\+295015/],
    ["short column", JSON.stringify({ schema: 1, pic: TEST_PIC, segments: [], points: { time: [1], exptime: [] } }), /points\.exptime: must be an array of 1 numbers/],
  ])("rejects a chunk that is %s", (_label, body, message) => {
    const name = `MLC/${TEST_PIC}/${"0".repeat(32)}.json`;
    expect(() => decodeChunk(name, Buffer.from(body), TEST_PIC)).toThrow(InvalidDocumentError);
    expect(() => decodeChunk(name, Buffer.from(body), TEST_PIC)).toThrow(message);
  });
});
