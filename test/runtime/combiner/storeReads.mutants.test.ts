/**
 * The two reads the merge rests on, at their less common branches: an LC object read again after
 * an earlier attempt (conditional unless the earlier read found it gone), an invalid or oversized
 * object reported with its generation, a store failure passed on; an absent MLC read as an empty
 * one that the cache forgets.
 */
import { describe, expect, it, vi } from "vitest";
import { InvalidDocumentError, InvalidSegmentError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { createMasterLightCurveCache } from "../../../runtime/combiner/masterLightCurveCache.js";
import { readLightCurve, readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { TEST_PIC, testObjectName } from "../core/testSegments.js";
import { finalize, pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-store-reads-");
const A = testObjectName(1);
const MLC = `MLC/${TEST_PIC}.json`;

describe("readLightCurve", () => {
  it("reads a present object in full and parses it, with its generation", async () => {
    const store = freshStore();
    const generation = await upload(store, A, pts(10, 20));
    const state = await readLightCurve(store, A);
    expect(state).toMatchObject({ kind: "segment", generation });
    expect(state.kind === "segment" && state.segment.points).toHaveLength(2);
  });

  it("answers gone for an absent object, and reads it in full again after a gone (no generation to compare)", async () => {
    const store = freshStore();
    expect(await readLightCurve(store, A)).toEqual({ kind: "gone" });
    const generation = await upload(store, A, pts(10));
    const conditional = vi.spyOn(store, "getIfChanged");
    expect(await readLightCurve(store, A, undefined, { kind: "gone" })).toMatchObject({ kind: "segment", generation });
    expect(conditional).not.toHaveBeenCalled();
  });

  it("returns the earlier state itself while the object is at its generation, and the new one once it moved on", async () => {
    const store = freshStore();
    await upload(store, A, pts(10));
    const first = await readLightCurve(store, A);
    const get = vi.spyOn(store, "get");
    expect(await readLightCurve(store, A, undefined, first)).toBe(first);
    expect(get).not.toHaveBeenCalled();
    const moved = await upload(store, A, pts(30, 40, 50));
    const second = await readLightCurve(store, A, undefined, first);
    expect(second).toMatchObject({ kind: "segment", generation: moved });
    expect(second.kind === "segment" && second.segment.points).toHaveLength(3);
    await store.delete(A);
    expect(await readLightCurve(store, A, undefined, second)).toEqual({ kind: "gone" });
  });

  it("reports an object over the size limits as invalid, with the generation read", async () => {
    const store = freshStore();
    const generation = await upload(store, A, pts(10, 20, 30));
    const state = await readLightCurve(store, A, { maxBytes: 1 << 20, maxPoints: 2 });
    expect(state).toMatchObject({ kind: "invalid", generation });
    expect(state.kind === "invalid" && state.error).toBeInstanceOf(InvalidSegmentError);
    expect(state.kind === "invalid" && state.error.objectName).toBe(A);
    // The same bytes within the default limits are a segment.
    expect(await readLightCurve(store, A)).toMatchObject({ kind: "segment", generation });
  });

  it("passes a store failure on instead of calling the object gone", async () => {
    const store = freshStore();
    const down = new StoreUnavailableError(A, "socket hang up");
    const failing: ObjectStore = Object.create(store, { get: { value: () => Promise.reject(down) } });
    await expect(readLightCurve(failing, A)).rejects.toBe(down);
  });
});

describe("readMasterLightCurve", () => {
  it("reads an absent MLC as the star's empty one, with no generation, and forgets the star's cached copy", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10));
    const cache = createMasterLightCurveCache();
    await applyChanges(store, TEST_PIC, [finalize(A, gA)], { cache });
    expect(cache.get(TEST_PIC)).toBeDefined();
    await store.delete(MLC);
    const read = await readMasterLightCurve(store, TEST_PIC, cache);
    expect(read.generation).toBeUndefined();
    expect(read.mlc).toMatchObject({ pic: TEST_PIC, segments: [] });
    expect(cache.get(TEST_PIC)).toBeUndefined();
    expect(cache.points).toBe(0);
  });

  it("caches what it read, at the stored generation", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10));
    const written = await applyChanges(store, TEST_PIC, [finalize(A, gA)]);
    const cache = createMasterLightCurveCache();
    const read = await readMasterLightCurve(store, TEST_PIC, cache);
    expect(read.generation).toBe(written.mlcGeneration);
    expect(cache.get(TEST_PIC)?.generation).toBe(written.mlcGeneration);
  });

  it("refuses an unreadable document instead of starting the star over", async () => {
    const store = freshStore();
    await store.put(MLC, Buffer.from("{ not json"));
    await expect(readMasterLightCurve(store, TEST_PIC)).rejects.toThrow(InvalidDocumentError);
  });
});
