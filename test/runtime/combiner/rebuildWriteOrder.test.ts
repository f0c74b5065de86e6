/**
 * What a rebuild writes and when: chunks before the document that lists them (a reader never
 * meets a document whose chunks are missing), chunks of the size it is given, a new segment
 * always written, and a store failure while reading the old document's chunks passed on
 * rather than taken for a damaged document. Also the reason it gives for an object whose name
 * is not a segment's.
 */
import { describe, expect, it } from "vitest";
import { rebuildMasterLightCurve } from "../../../runtime/combiner/rebuildMasterLightCurve.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import type { ObjectStore, PutOptions } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { scratchBuckets } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-rebuild-order-");
const MLC = `MLC/${TEST_PIC}.json`;
const CHUNK_PREFIX = `MLC/${TEST_PIC}/`;
const upload = (store: ObjectStore, n: number) => store.put(testObjectName(n, { startOffsetS: n * 600 }), Buffer.from(testSegmentBytes([{ offsetS: n * 600, seed: n }])));

describe("rebuildMasterLightCurve writes", () => {
  it("puts every chunk of the tail point limit it is given before the document", async () => {
    const inner = freshStore();
    for (const n of [1, 2, 3]) await upload(inner, n);
    const puts: string[] = [];
    const store: ObjectStore = Object.create(inner, {
      put: { value: (name: string, data: Uint8Array, options?: PutOptions) => (puts.push(name), inner.put(name, data, options)) },
    });
    await rebuildMasterLightCurve(store, TEST_PIC, { tailPointLimit: 1 });
    const { mlc } = await readMasterLightCurve(inner, TEST_PIC);
    expect(mlc.chunks?.map((chunk) => chunk.points)).toEqual([1, 1, 1]);
    expect(puts.at(-1)).toBe(MLC);
    expect(puts.filter((name) => name.startsWith(CHUNK_PREFIX))).toHaveLength(3);
  });

  it("writes the document again when a segment was added after the last rebuild", async () => {
    const store = freshStore();
    await upload(store, 1);
    await rebuildMasterLightCurve(store, TEST_PIC);
    await upload(store, 2);
    expect(await rebuildMasterLightCurve(store, TEST_PIC)).toMatchObject({ written: true, segments: 2 });
  });

  it("passes on a store failure reading the old document's chunks", async () => {
    const inner = freshStore();
    for (const n of [1, 2]) await upload(inner, n);
    await rebuildMasterLightCurve(inner, TEST_PIC, { tailPointLimit: 1 });
    const down = new StoreUnavailableError(CHUNK_PREFIX, "bucket unreachable");
    const fail = (name: string) => name.startsWith(CHUNK_PREFIX);
    const store: ObjectStore = Object.create(inner, {
      get: { value: (name: string) => (fail(name) ? Promise.reject(down) : inner.get(name)) },
      getIfChanged: { value: (name: string, generation: string) => (fail(name) ? Promise.reject(down) : inner.getIfChanged(name, generation)) },
    });
    await expect(rebuildMasterLightCurve(store, TEST_PIC, { retry: { sleep: async () => {} } })).rejects.toBe(down);
  });

  it("says why an object under LC/{pic}/ is not a segment", async () => {
    const store = freshStore();
    await store.put(`LC/${TEST_PIC}/notes.txt`, Buffer.from("notes"));
    const [error] = (await rebuildMasterLightCurve(store, TEST_PIC)).invalid;
    expect(error?.objectName).toBe(`LC/${TEST_PIC}/notes.txt`);
    expect(error?.fault.reason).toMatch(/expected LC\/\{pic\}\/\{unit\}\/\{camera\}\/\{start\}\.json$/);
  });
});
