/**
 * Chunk writes when the store fails: only "it exists already" is swallowed by writeChunk, and only
 * "it is gone" makes ensureChunksStored write; every other failure reaches the batch (a 503), so
 * a document is never left listing a chunk nobody checked. Also: a chunk is stored as JSON, and
 * only the chunks that are missing are written again.
 */
import { describe, expect, it } from "vitest";
import { ensureChunksStored, writeChunk } from "../../../runtime/combiner/writeChunk.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { rollOverTail } from "../../../runtime/core/masterLightCurveChunk.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { memoryObjectStore } from "../../explore/memoryObjectStore.js";
import { TEST_PIC, testObjectName, testSegment } from "../core/testSegments.js";

const chunkOf = (n: number) =>
  rollOverTail(
    applySegmentUpdates(emptyMasterLightCurve(TEST_PIC), [{ kind: "merge", segment: testSegment(testObjectName(n), [{ offsetS: n, seed: n }]), generation: String(n) }]).mlc,
  ).chunk;

/** The store with one operation replaced. */
const withOperation = (store: ObjectStore, name: "put" | "stat", value: (...args: never[]) => unknown): ObjectStore => Object.create(store, { [name]: { value } });

describe("writeChunk and ensureChunksStored when the store fails", () => {
  it("writes a chunk create-only, typed as JSON (what Cloud Storage serves it as)", async () => {
    const inner = memoryObjectStore();
    const puts: unknown[] = [];
    const store = withOperation(inner, "put", ((name: string, data: Uint8Array, options: unknown) => {
      puts.push(options);
      return inner.put(name, data, options as never);
    }) as never);
    await writeChunk(store, chunkOf(1));
    expect(puts).toEqual([{ ifGenerationMatch: "0", contentType: "application/json" }]);
  });

  it("passes on a failed write instead of taking it for an existing chunk", async () => {
    const down = new StoreUnavailableError(chunkOf(1).name, "503 from the bucket");
    const store = withOperation(memoryObjectStore(), "put", () => Promise.reject(down));
    await expect(writeChunk(store, chunkOf(1))).rejects.toBe(down);
  });

  it("passes on a failed stat instead of writing the chunk again or calling it stored", async () => {
    const inner = memoryObjectStore();
    const down = new StoreUnavailableError(chunkOf(1).name, "timeout");
    const store = withOperation(inner, "stat", () => Promise.reject(down));
    await expect(ensureChunksStored(store, [chunkOf(1)])).rejects.toBe(down);
    await expect(inner.stat(chunkOf(1).name)).rejects.toThrow(/not found|no such/i);
  });

  it("puts back only the chunks that are gone, leaving the present ones as they are", async () => {
    const store = memoryObjectStore();
    const [kept, lost] = [chunkOf(1), chunkOf(2)];
    await writeChunk(store, kept);
    const before = await store.stat(kept.name);
    await ensureChunksStored(store, [kept, lost]);
    expect(await store.stat(kept.name)).toEqual(before);
    expect((await store.get(lost.name)).data).toEqual(lost.bytes);
  });
});
