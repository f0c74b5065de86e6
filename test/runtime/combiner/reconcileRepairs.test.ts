/**
 * Reconcile's less common repairs (runtime/combiner/reconcile.ts), with the interleavings forced:
 * an MLC entry newer than the object it names, and a chunk rewritten between the listing that
 * found it unlisted and its deletion.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { reconcileBucket } from "../../../runtime/combiner/reconcile.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function freshBucket(): { root: string; store: FsObjectStore } {
  const root = mkdtempSync(path.join(tmpdir(), "piaa-reconcile-repairs-"));
  roots.push(root);
  return { root, store: new FsObjectStore({ root }) };
}

const held = async (store: ObjectStore): Promise<[string, string][]> =>
  (await readMasterLightCurve(store, TEST_PIC)).mlc.segments.map((s) => [s.object, s.generation]);

/** `store`, with `before` run ahead of each delete it is asked for. */
function withBeforeDelete(store: ObjectStore, before: (name: string) => Promise<void>): ObjectStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === "delete") {
        return async (name: string, options?: Parameters<ObjectStore["delete"]>[1]) => {
          await before(name);
          return target.delete(name, options);
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("reconcile repairs", () => {
  it("replaces an MLC entry newer than its object (a file restored with an old mtime) with the object as it is now", async () => {
    const { root, store } = freshBucket();
    const object = testObjectName(1);
    const { generation } = await store.put(object, Buffer.from(testSegmentBytes([{ offsetS: 10, seed: 1 }])));
    await applyChanges(store, TEST_PIC, [{ object, generation, eventType: "OBJECT_FINALIZE" }]);
    const restoredAt = new Date(Date.now() - 86_400_000);
    await utimes(path.join(root, object), restoredAt, restoredAt);
    const listed = (await store.stat(object)).generation;
    expect(BigInt(listed) < BigInt(generation)).toBe(true);

    const report = await reconcileBucket(store);
    expect(report.fixes).toEqual([expect.objectContaining({ object, kind: "stale", lcGeneration: listed, mlcGeneration: generation, outcome: "merged" })]);
    expect(await held(store)).toEqual([[object, listed]]);
    expect((await reconcileBucket(store)).fixes).toEqual([]);
  });

  it("keeps an unlisted chunk that was rewritten after the listing (the delete is conditional on the listed generation)", async () => {
    const { store } = freshBucket();
    const orphan = `MLC/${TEST_PIC}/${"cd".repeat(16)}.json`;
    await store.put(orphan, Buffer.from("{}"));
    const later = Date.now() + 2 * 60 * 60 * 1000;
    const racing = withBeforeDelete(store, async (name) => {
      if (name === orphan) await store.put(orphan, Buffer.from('{"rewritten":true}'));
    });
    const report = await reconcileBucket(racing, { now: () => later });
    expect(report.unlistedChunks).toEqual([]);
    expect((await store.get(orphan)).data.toString()).toBe('{"rewritten":true}');
    const swept = await reconcileBucket(store, { now: () => later });
    expect(swept.unlistedChunks).toEqual([orphan]);
  });
});
