import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeChunk, REFRESH_AFTER_MS } from "../../../runtime/combiner/writeChunk.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { rollOverTail } from "../../../runtime/core/masterLightCurveChunk.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { TEST_PIC, testObjectName, testSegment } from "../core/testSegments.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe("writeChunk", () => {
  const { chunk } = rollOverTail(
    applySegmentUpdates(emptyMasterLightCurve(TEST_PIC), [{ kind: "merge", segment: testSegment(testObjectName(1), [{ offsetS: 5, seed: 1 }]), generation: "7" }]).mlc,
  );

  it("creates the chunk, reuses it when it exists, and rewrites a reused chunk old enough to be collected soon", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "piaa-chunk-"));
    roots.push(root);
    const store = new FsObjectStore({ root });
    await writeChunk(store, chunk);
    const created = await store.stat(chunk.name);
    await writeChunk(store, chunk, created.updated.getTime() + 1000);
    expect((await store.stat(chunk.name)).generation).toBe(created.generation);
    await writeChunk(store, chunk, created.updated.getTime() + REFRESH_AFTER_MS + 1000);
    const refreshed = await store.stat(chunk.name);
    expect(refreshed.generation).not.toBe(created.generation);
    expect((await store.get(chunk.name)).data).toEqual(chunk.bytes);
  });
});
