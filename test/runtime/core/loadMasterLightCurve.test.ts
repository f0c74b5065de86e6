/**
 * The one MLC reader (loadMasterLightCurve.ts) against a real filesystem store: the document
 * and the chunks it lists come back as the never-chunked MLC, point for point; a held document
 * is not read again while its generation is current; chunks without live points are not read,
 * at most `concurrency` at a time; a missing chunk makes the MLC invalid, naming both objects.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidDocumentError, NotFoundError } from "../../../runtime/core/errors.js";
import { assembleFromStore, loadMasterLightCurve, readMasterLightCurveDocument } from "../../../runtime/core/loadMasterLightCurve.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { chunkMasterLightCurve, rollOverTail, type EncodedChunk } from "../../../runtime/core/masterLightCurveChunk.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { applySegmentUpdates, type SegmentUpdate } from "../../../runtime/core/mergeSegment.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore, StoredObject } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName, testSegment, type TestPoint } from "./testSegments.js";

const MLC = masterLightCurveName(TEST_PIC);
const pts = (...offsets: number[]): TestPoint[] => offsets.map((offsetS, seed) => ({ offsetS, seed }));
const merge = (n: number, points: TestPoint[], generation = "1"): SegmentUpdate => ({ kind: "merge", segment: testSegment(testObjectName(n), points), generation });
const unchunked = (updates: SegmentUpdate[]): MasterLightCurve => applySegmentUpdates(emptyMasterLightCurve(TEST_PIC, "t"), updates, { updated: "t" }).mlc;
const apply = (mlc: MasterLightCurve, updates: SegmentUpdate[]): MasterLightCurve => ({
  ...applySegmentUpdates(mlc, updates, { updated: "t" }).mlc,
  ...(mlc.chunks && { chunks: mlc.chunks }),
});

/** A store that records the names it is asked for and the most reads in flight at once. */
function recording(inner: ObjectStore): ObjectStore & { gets: string[]; maxInFlight: () => number } {
  const gets: string[] = [];
  let inFlight = 0;
  let most = 0;
  const get = async (name: string): Promise<StoredObject> => {
    gets.push(name);
    most = Math.max(most, ++inFlight);
    try {
      // Yield before reading, so that every read the loader starts at once is in flight together.
      await new Promise((resolve) => setImmediate(resolve));
      return await inner.get(name);
    } finally {
      inFlight--;
    }
  };
  const getIfChanged = async (name: string, generation: string): Promise<StoredObject | undefined> => {
    gets.push(name);
    return inner.getIfChanged(name, generation);
  };
  return Object.assign(Object.create(inner) as ObjectStore, { get, getIfChanged, gets, maxInFlight: () => most });
}

describe("loadMasterLightCurve", () => {
  let root: string;
  let fs: FsObjectStore;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-load-mlc-"));
    fs = new FsObjectStore({ root });
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function store(mlc: MasterLightCurve, chunks: readonly EncodedChunk[] = []): Promise<string> {
    for (const chunk of chunks) await fs.put(chunk.name, chunk.bytes);
    return (await fs.put(MLC, encodeMasterLightCurve(mlc))).generation;
  }

  it("reports a star without an MLC as not found", async () => {
    await expect(loadMasterLightCurve(fs, TEST_PIC)).rejects.toBeInstanceOf(NotFoundError);
    await expect(readMasterLightCurveDocument(fs, TEST_PIC)).rejects.toThrow(MLC);
  });

  it("gives a document without chunks as stored, with its generation", async () => {
    const mlc = unchunked([merge(1, pts(10, 30)), merge(2, pts(20))]);
    const generation = await store(mlc);
    expect(await loadMasterLightCurve(fs, TEST_PIC)).toEqual({ mlc, generation });
  });

  it("gives back a held document, unread, while its generation is current, and the new one after a write", async () => {
    await store(unchunked([merge(1, pts(10))]));
    const held = await readMasterLightCurveDocument(fs, TEST_PIC);
    const reads = recording(fs);
    expect(await readMasterLightCurveDocument(reads, TEST_PIC, held)).toBe(held);
    const newer = unchunked([merge(1, pts(10)), merge(2, pts(20))]);
    const generation = await store(newer);
    expect(await readMasterLightCurveDocument(reads, TEST_PIC, held)).toEqual({ mlc: newer, generation });
    expect(reads.gets).toEqual([MLC, MLC]);
  });

  it("assembles chunks and tail into the never-chunked MLC, ties in time ordered by object name across them", async () => {
    // Objects 1 and 3 chunked, 2 and 4 in the tail; every time is shared by a chunked and a tail point.
    const full = unchunked([merge(1, pts(10, 20)), merge(2, pts(10, 30)), merge(3, pts(20, 30)), merge(4, pts(20))]);
    const { mlc: chunked, chunks } = chunkMasterLightCurve(unchunked([merge(1, pts(10, 20)), merge(3, pts(20, 30))]), 1);
    const doc = apply(chunked, [merge(2, pts(10, 30)), merge(4, pts(20))]);
    await store(doc, chunks);
    expect((await loadMasterLightCurve(fs, TEST_PIC)).mlc).toEqual(full);
    let turns = 0;
    expect((await loadMasterLightCurve(fs, TEST_PIC, { nextTurn: async () => void turns++ })).mlc).toEqual(full);
    // A turn after each chunk read, and more while the points are assembled.
    expect(turns).toBeGreaterThan(chunks.length);
  });

  it("reads only the chunks that still hold live points", async () => {
    const first = rollOverTail(unchunked([merge(1, pts(10)), merge(2, pts(20))]));
    const second = rollOverTail(apply(first.mlc, [merge(3, pts(30))]));
    // Both objects of the first chunk replaced by newer generations in the tail.
    const doc = apply(second.mlc, [merge(1, pts(11), "2"), merge(2, pts(21), "2")]);
    await store(doc, [first.chunk, second.chunk]);
    const reads = recording(fs);
    const { mlc } = await loadMasterLightCurve(reads, TEST_PIC);
    expect(reads.gets).toEqual([MLC, second.chunk.name]);
    expect(mlc).toEqual(unchunked([merge(1, pts(11), "2"), merge(2, pts(21), "2"), merge(3, pts(30))]));
  });

  it.each([
    [undefined, 8],
    [3, 3],
    [1, 1],
  ])("reads chunks at most %s at a time (%d)", async (concurrency, most) => {
    const full = unchunked(Array.from({ length: 10 }, (_, n) => merge(n + 1, pts(10 * n))));
    const { mlc, chunks } = chunkMasterLightCurve(full, 1);
    expect(chunks).toHaveLength(10);
    await store(mlc, chunks);
    const reads = recording(fs);
    expect((await loadMasterLightCurve(reads, TEST_PIC, { concurrency })).mlc).toEqual(full);
    expect(reads.maxInFlight()).toBe(most);
  });

  it("reports a listed chunk that is missing as an invalid MLC, naming the chunk", async () => {
    const { mlc, chunk } = rollOverTail(unchunked([merge(1, pts(10))]));
    await store(mlc);
    const error = await loadMasterLightCurve(fs, TEST_PIC).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDocumentError);
    expect((error as InvalidDocumentError).objectName).toBe(MLC);
    expect((error as Error).message).toBe(`invalid document ${MLC}: lists chunk ${chunk.name}, which is missing`);
  });

  it("passes on a chunk's own fault, naming the chunk", async () => {
    const { mlc, chunk } = rollOverTail(unchunked([merge(1, pts(10))]));
    await store(mlc, [{ ...chunk, bytes: Buffer.from("{") }]);
    const error = await loadMasterLightCurve(fs, TEST_PIC).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidDocumentError);
    expect((error as InvalidDocumentError).objectName).toBe(chunk.name);
  });

  it("passes on a failing read as it is", async () => {
    const { mlc } = rollOverTail(unchunked([merge(1, pts(10))]));
    const failing = Object.assign(Object.create(fs) as ObjectStore, {
      get: async () => {
        throw new Error("disk on fire");
      },
    });
    await expect(assembleFromStore(failing, mlc)).rejects.toThrow(/^disk on fire$/);
  });
});
