/**
 * `piaa combine`'s rebuild, in process, on its less common paths: what it records for invalid
 * objects, when it counts the stored MLC as up to date, how it writes the document, what it
 * passes on, and what it reports to its progress callback.
 */
import { describe, expect, it } from "vitest";
import { rebuildMasterLightCurve } from "../../../runtime/combiner/rebuildMasterLightCurve.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import type { ObjectStore, PutOptions } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { scratchBuckets } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-rebuild-");
const MLC = `MLC/${TEST_PIC}.json`;
const segmentBytes = (seed: number) => Buffer.from(testSegmentBytes([{ offsetS: seed * 10, seed }]));

describe("rebuildMasterLightCurve", () => {
  it("records an invalid segment dead at its generation, and an object with a bad name not at all", async () => {
    const store = freshStore();
    await store.put(testObjectName(1), segmentBytes(1));
    const bad = await store.put(testObjectName(2), Buffer.from("[not json"));
    await store.put(`LC/${TEST_PIC}/notes.txt`, Buffer.from("notes"));
    const result = await rebuildMasterLightCurve(store, TEST_PIC);
    expect(result.invalid.map((e) => e.objectName)).toEqual([`LC/${TEST_PIC}/notes.txt`, testObjectName(2)]);
    const { mlc } = await readMasterLightCurve(store, TEST_PIC);
    expect(mlc.tombstones).toEqual([{ object: testObjectName(2), generation: bad.generation }]);
    expect(mlc.segments.map((s) => s.object)).toEqual([testObjectName(1)]);
  });

  it("applies the size limits it is given: a segment over them is invalid, not merged", async () => {
    const store = freshStore();
    await store.put(testObjectName(1), Buffer.from(testSegmentBytes([{ offsetS: 0, seed: 1 }, { offsetS: 10, seed: 2 }])));
    const result = await rebuildMasterLightCurve(store, TEST_PIC, { segmentLimits: { maxBytes: 1 << 20, maxPoints: 1 } });
    expect(result).toMatchObject({ segments: 0, points: 0, written: true });
    expect(result.invalid.map((e) => e.objectName)).toEqual([testObjectName(1)]);
  });

  it("reports progress once per segment object read, out of the segment objects only", async () => {
    const store = freshStore();
    for (const n of [1, 2, 3]) await store.put(testObjectName(n), segmentBytes(n));
    await store.put(`LC/${TEST_PIC}/notes.txt`, Buffer.from("notes"));
    const progress: string[] = [];
    await rebuildMasterLightCurve(store, TEST_PIC, { readConcurrency: 1, onProgress: (read, total) => progress.push(`${read}/${total}`) });
    expect(progress).toEqual(["1/3", "2/3", "3/3"]);
  });

  it("rewrites the MLC when a segment has a new generation, and leaves it when nothing moved", async () => {
    const store = freshStore();
    await store.put(testObjectName(1), segmentBytes(1));
    const first = await rebuildMasterLightCurve(store, TEST_PIC);
    const same = await rebuildMasterLightCurve(store, TEST_PIC);
    expect(same).toMatchObject({ written: false, mlcGeneration: first.mlcGeneration, segments: 1, points: 1 });
    expect(same.replacedInvalidDocument).toBeUndefined();
    const moved = await store.put(testObjectName(1), Buffer.from(testSegmentBytes([{ offsetS: 0, seed: 1 }, { offsetS: 10, seed: 2 }])));
    const again = await rebuildMasterLightCurve(store, TEST_PIC);
    expect(again).toMatchObject({ written: true, points: 2 });
    expect(again.mlcGeneration).toBe((await store.stat(MLC)).generation);
    expect(again.mlcGeneration).not.toBe(first.mlcGeneration);
    const { mlc } = await readMasterLightCurve(store, TEST_PIC);
    expect(mlc.segments.map((s) => s.generation)).toEqual([moved.generation]);
  });

  it("writes the document as JSON, only over the generation it read", async () => {
    const inner = freshStore();
    await inner.put(testObjectName(1), segmentBytes(1));
    const old = await inner.put(MLC, Buffer.from("{broken"));
    const puts: { name: string; options?: PutOptions }[] = [];
    const store: ObjectStore = Object.create(inner, {
      put: { value: (name: string, data: Uint8Array, options?: PutOptions) => (puts.push({ name, options }), inner.put(name, data, options)) },
    });
    const result = await rebuildMasterLightCurve(store, TEST_PIC);
    expect(result.replacedInvalidDocument).toMatch(/^invalid document MLC\/PIC_J0326137\+295015\.json: not valid JSON/);
    expect(puts.filter((p) => p.name === MLC)).toEqual([{ name: MLC, options: { ifGenerationMatch: old.generation, contentType: "application/json" } }]);
  });

  it("passes on a store failure of the MLC read, writing nothing", async () => {
    const inner = freshStore();
    await inner.put(testObjectName(1), segmentBytes(1));
    const down = new StoreUnavailableError(MLC, "bucket unreachable");
    const store: ObjectStore = Object.create(inner, {
      get: { value: (name: string) => (name === MLC ? Promise.reject(down) : inner.get(name)) },
    });
    await expect(rebuildMasterLightCurve(store, TEST_PIC, { retry: { sleep: async () => {} } })).rejects.toBe(down);
    await expect(inner.stat(MLC)).rejects.toThrow();
  });

  it("re-reads after a lost write only the segments whose generation moved", async () => {
    const inner = freshStore();
    for (const n of [1, 2]) await inner.put(testObjectName(n), segmentBytes(n));
    const reads: string[] = [];
    let raced = false;
    const store: ObjectStore = Object.create(inner, {
      get: { value: (name: string) => (reads.push(name), inner.get(name)) },
      put: {
        value: async (name: string, data: Uint8Array, options?: PutOptions) => {
          if (name === MLC && !raced) {
            raced = true;
            // Another writer moves segment 2 and writes the MLC first.
            await inner.put(testObjectName(2), segmentBytes(7));
            await inner.put(MLC, Buffer.from("{}"));
          }
          return inner.put(name, data, options);
        },
      },
    });
    const result = await rebuildMasterLightCurve(store, TEST_PIC, { retry: { sleep: async () => {} } });
    expect(result).toMatchObject({ written: true, segments: 2 });
    expect(reads.filter((name) => name.startsWith("LC/")).sort()).toEqual([testObjectName(1), testObjectName(2), testObjectName(2)]);
  });
});
