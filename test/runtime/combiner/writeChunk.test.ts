import { describe, expect, it } from "vitest";
import { ensureChunksStored, writeChunk } from "../../../runtime/combiner/writeChunk.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { rollOverTail } from "../../../runtime/core/masterLightCurveChunk.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { memoryObjectStore } from "../../explore/memoryObjectStore.js";
import { TEST_PIC, testObjectName, testSegment } from "../core/testSegments.js";

describe("writeChunk", () => {
  const { chunk } = rollOverTail(
    applySegmentUpdates(emptyMasterLightCurve(TEST_PIC), [{ kind: "merge", segment: testSegment(testObjectName(1), [{ offsetS: 5, seed: 1 }]), generation: "7" }]).mlc,
  );

  it("creates the chunk and reuses it as it is when it exists (same name, same bytes)", async () => {
    const store = memoryObjectStore();
    await writeChunk(store, chunk);
    const created = await store.stat(chunk.name);
    await writeChunk(store, chunk);
    expect(await store.stat(chunk.name)).toEqual(created);
    expect((await store.get(chunk.name)).data).toEqual(chunk.bytes);
  });

  it("puts back, after the document write, a chunk collected between its write and the document's", async () => {
    const store = memoryObjectStore();
    await writeChunk(store, chunk);
    await store.delete(chunk.name); // the collector, at grace 0, before the document lists it
    await ensureChunksStored(store, [chunk]);
    expect((await store.get(chunk.name)).data).toEqual(chunk.bytes);
    const kept = await store.stat(chunk.name);
    await ensureChunksStored(store, [chunk]);
    expect(await store.stat(chunk.name)).toEqual(kept);
  });
});
