/**
 * reconcileBucket at the edges the command tests leave: the grace period's exact boundary, a dry
 * run that touches nothing, progress per star, a star known only from MLC/, a chunk gone before
 * its collection, a document unreadable when the collector reads it again (every deleted chunk is
 * put back), and a store failure that reaches the caller instead of reading as an unreadable MLC.
 */
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { reconcileBucket } from "../../../runtime/combiner/reconcile.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { NotFoundError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName } from "../core/testSegments.js";
import { finalize, pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-reconcile-mutants-");
const OTHER_PIC = "PIC_J18365633+3847012";
const MLC = `MLC/${TEST_PIC}.json`;
const A = testObjectName(1);
const orphanName = (hex: string) => `MLC/${TEST_PIC}/${hex.repeat(16)}.json`;

/** A bucket holding one merged segment of TEST_PIC and one unlisted chunk; the chunk's write time. */
async function withOrphan(store: ObjectStore): Promise<{ orphan: string; writtenMs: number }> {
  const gA = await upload(store, A, pts(10));
  await applyChanges(store, TEST_PIC, [finalize(A, gA)]);
  const orphan = orphanName("ab");
  const stat = await store.put(orphan, Buffer.from("{}"));
  return { orphan, writtenMs: stat.updated.getTime() };
}

const exists = (store: ObjectStore, name: string) =>
  store.stat(name).then(
    () => true,
    (error: unknown) => (error instanceof NotFoundError ? false : Promise.reject(error)),
  );

describe("reconcileBucket, chunk collection", () => {
  it("keeps an unlisted chunk written exactly at the grace boundary and collects it a millisecond later", async () => {
    const store = freshStore();
    const { orphan, writtenMs } = await withOrphan(store);
    const atBoundary = await reconcileBucket(store, { chunkGraceMs: 1000, now: () => writtenMs + 1000 });
    expect(atBoundary.unlistedChunks).toEqual([]);
    expect(await exists(store, orphan)).toBe(true);
    const past = await reconcileBucket(store, { chunkGraceMs: 1000, now: () => writtenMs + 1001 });
    expect(past.unlistedChunks).toEqual([orphan]);
    expect(await exists(store, orphan)).toBe(false);
  });

  it("on a dry run names the chunks it would collect and the fixes it would make, and changes nothing", async () => {
    const store = freshStore();
    const { orphan, writtenMs } = await withOrphan(store);
    const missing = testObjectName(2);
    await upload(store, missing, pts(20));
    await store.put(`MLC/${OTHER_PIC}.json`, Buffer.from("{ not json"));
    const report = await reconcileBucket(store, { dryRun: true, chunkGraceMs: 0, now: () => writtenMs + 1 });
    expect(report).toMatchObject({ dryRun: true, stars: 2, unlistedChunks: [orphan] });
    expect(report.fixes.map(({ pic, object, kind, outcome }) => ({ pic, object, kind, outcome }))).toEqual([
      { pic: TEST_PIC, object: missing, kind: "missing", outcome: undefined },
      { pic: OTHER_PIC, object: `MLC/${OTHER_PIC}.json`, kind: "unreadable", outcome: undefined },
    ]);
    expect(await exists(store, orphan)).toBe(true);
    expect((await store.get(`MLC/${OTHER_PIC}.json`)).data.toString()).toBe("{ not json");
    expect((await readMasterLightCurve(store, TEST_PIC)).mlc.segments.map((s) => s.object)).toEqual([A]);
  });

  it("skips a chunk that is gone by the time it is collected", async () => {
    const inner = freshStore();
    const { orphan, writtenMs } = await withOrphan(inner);
    const gone = orphanName("cd");
    await inner.put(gone, Buffer.from("{}"));
    const store: ObjectStore = Object.create(inner, {
      get: { value: (name: string) => (name === gone ? Promise.reject(new NotFoundError(name)) : inner.get(name)) },
    });
    const report = await reconcileBucket(store, { chunkGraceMs: 0, now: () => writtenMs + 60_000 });
    expect(report.unlistedChunks).toEqual([orphan]);
  });

  it("puts back every deleted chunk when the document cannot be read again after the deletes", async () => {
    const inner = freshStore();
    const { orphan, writtenMs } = await withOrphan(inner);
    // A writer leaves the document unreadable between the collector's delete and its re-read.
    const store: ObjectStore = Object.create(inner, {
      delete: {
        value: async (name: string, options?: Parameters<ObjectStore["delete"]>[1]) => {
          await inner.delete(name, options);
          if (name === orphan) await inner.put(MLC, Buffer.from("{ not json"));
        },
      },
    });
    const report = await reconcileBucket(store, { chunkGraceMs: 0, now: () => writtenMs + 60_000 });
    expect(report.unlistedChunks).toEqual([]);
    expect((await inner.get(orphan)).data.toString()).toBe("{}");
  });

  it("passes on a store failure while collecting a chunk instead of skipping it", async () => {
    const inner = freshStore();
    const { orphan, writtenMs } = await withOrphan(inner);
    const down = new StoreUnavailableError(orphan, "bucket unreachable");
    const store: ObjectStore = Object.create(inner, {
      get: { value: (name: string) => (name === orphan ? Promise.reject(down) : inner.get(name)) },
    });
    await expect(reconcileBucket(store, { chunkGraceMs: 0, now: () => writtenMs + 60_000 })).rejects.toBe(down);
    expect(await exists(inner, orphan)).toBe(true);
  });

  it("passes on a store failure of the document's re-read instead of putting every chunk back", async () => {
    const inner = freshStore();
    const { orphan, writtenMs } = await withOrphan(inner);
    const down = new StoreUnavailableError(MLC, "bucket unreachable");
    let collected = false;
    const store: ObjectStore = Object.create(inner, {
      delete: {
        value: async (name: string, options?: Parameters<ObjectStore["delete"]>[1]) => {
          await inner.delete(name, options);
          if (name === orphan) collected = true;
        },
      },
      get: { value: (name: string) => (name === MLC && collected ? Promise.reject(down) : inner.get(name)) },
    });
    await expect(reconcileBucket(store, { chunkGraceMs: 0, now: () => writtenMs + 60_000 })).rejects.toBe(down);
    expect(await exists(inner, orphan)).toBe(false);
  });
});

describe("reconcileBucket, stars", () => {
  it("reports progress after each star, sorted, out of every star with an LC object or an MLC", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(A, gA)]);
    await store.delete(A); // TEST_PIC now has an MLC and no LC object
    await upload(store, testObjectName(1, { pic: OTHER_PIC }), pts(10));
    const progress: [number, number][] = [];
    const report = await reconcileBucket(store, { onProgress: (done, total) => progress.push([done, total]) });
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(report.stars).toBe(2);
    expect(report.fixes.map(({ pic, kind, outcome }) => [pic, kind, outcome])).toEqual([
      [TEST_PIC, "gone", "removed"],
      [OTHER_PIC, "missing", "merged"],
    ]);
    expect(report.fixes[0]).toMatchObject({ object: A, mlcGeneration: gA });
    expect(report.fixes[0]!.lcGeneration).toBeUndefined();
  });

  it("passes a store failure on instead of rebuilding the MLC as unreadable", async () => {
    const inner = freshStore();
    await withOrphan(inner);
    const down = new StoreUnavailableError(MLC, "bucket unreachable");
    // Only the first read fails: a rebuild, which would read it again, would succeed.
    let failures = 1;
    const store: ObjectStore = Object.create(inner, {
      get: { value: (name: string) => (name === MLC && failures-- > 0 ? Promise.reject(down) : inner.get(name)) },
    });
    await expect(reconcileBucket(store)).rejects.toBe(down);
  });
});
