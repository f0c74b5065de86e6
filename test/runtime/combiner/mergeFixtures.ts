/**
 * What the merge-path tests share: a fresh filesystem bucket per test (all removed after the
 * test file), uploads of small valid segments, and the notifications about them.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import type { SegmentChange } from "../../../runtime/combiner/applyChanges.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { testSegmentBytes, type TestPoint } from "../core/testSegments.js";

/** A factory of empty directory buckets named `prefix…`, removed after the calling test file. */
export function scratchBuckets(prefix: string): () => FsObjectStore {
  const roots: string[] = [];
  afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));
  return () => {
    const root = mkdtempSync(path.join(tmpdir(), prefix));
    roots.push(root);
    return new FsObjectStore({ root });
  };
}

/** Points at these offsets (seconds after the night start), each with its own fluxes. */
export const pts = (...offsets: number[]): TestPoint[] => offsets.map((offsetS, seed) => ({ offsetS, seed }));
export const finalize = (object: string, generation?: string): SegmentChange => ({ object, generation, eventType: "OBJECT_FINALIZE" });
export const remove = (object: string, generation?: string): SegmentChange => ({ object, generation, eventType: "OBJECT_DELETE" });

/** Writes a valid segment of `points` as `object`; its generation. */
export async function upload(store: ObjectStore, object: string, points: TestPoint[]): Promise<string> {
  return (await store.put(object, Buffer.from(testSegmentBytes(points)))).generation;
}
