/**
 * reconcileBucket where the other reconcile tests do not reach: the segment size limits it is
 * given hold for its merges and for the rebuild of an unreadable MLC alike; a name under MLC/
 * that is neither a document nor a chunk is passed over; and an LC object deleted after the
 * listing is recorded dead at the generation the listing saw (applyChanges' rule: dead up to the
 * newest generation anyone named), so that a late notification of an older generation is settled
 * without reading the bucket.
 */
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { reconcileBucket } from "../../../runtime/combiner/reconcile.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName } from "../core/testSegments.js";
import { finalize, pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-reconcile-edges-");
const ONE_POINT = { maxBytes: 4 * 1024 * 1024, maxPoints: 1 };
const [SMALL, LARGE] = [testObjectName(1), testObjectName(2)];

const liveSegments = async (store: ObjectStore) => (await readMasterLightCurve(store, TEST_PIC)).mlc.segments.map((s) => s.object);

describe("reconcileBucket, limits and listing races", () => {
  it("holds missing segments to the size limits it is given", async () => {
    const store = freshStore();
    await upload(store, SMALL, pts(10));
    await upload(store, LARGE, pts(20, 80));
    const report = await reconcileBucket(store, { segmentLimits: ONE_POINT });
    expect(report.fixes.map(({ object, outcome, message }) => ({ object, outcome, message }))).toEqual([
      { object: SMALL, outcome: "merged", message: undefined },
      { object: LARGE, outcome: "invalid", message: expect.stringMatching(/has 2 points, more than the 1 a segment may have/) },
    ]);
    expect(await liveSegments(store)).toEqual([SMALL]);
  });

  it("rebuilds an unreadable MLC under the same limits", async () => {
    const store = freshStore();
    await upload(store, SMALL, pts(10));
    await upload(store, LARGE, pts(20, 80));
    await store.put(`MLC/${TEST_PIC}.json`, Buffer.from("{}"));
    const report = await reconcileBucket(store, { segmentLimits: ONE_POINT });
    expect(report.fixes).toEqual([expect.objectContaining({ kind: "unreadable", outcome: "rebuilt" })]);
    expect(await liveSegments(store)).toEqual([SMALL]);
  });

  it("passes over a name under MLC/ that is neither a document nor a chunk", async () => {
    const store = freshStore();
    const generation = await upload(store, SMALL, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(SMALL, generation)]);
    await store.put("MLC/README.txt", Buffer.from("notes"));
    await store.put(`MLC/${TEST_PIC}/notes.txt`, Buffer.from("notes"));
    const report = await reconcileBucket(store, { now: () => Date.now() + 24 * 3600_000 });
    expect(report).toMatchObject({ stars: 1, fixes: [], unlistedChunks: [] });
  });

  it("records an object deleted after the listing dead at the listed generation, missing or stale", async () => {
    const store = freshStore();
    const old = await upload(store, SMALL, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(SMALL, old)]);
    const stale = await upload(store, SMALL, pts(15)); // overwritten, notification lost
    const missing = await upload(store, LARGE, pts(20)); // uploaded, notification lost
    // Both objects are deleted once LC/ has been listed (reconcile lists MLC/ next).
    const deletingAfterListing: ObjectStore = Object.create(store) as ObjectStore;
    deletingAfterListing.listAll = async function* (prefix) {
      if (prefix === "MLC/") await Promise.all([store.delete(SMALL), store.delete(LARGE)]);
      yield* store.listAll(prefix);
    };

    const report = await reconcileBucket(deletingAfterListing);
    expect(report.fixes.map(({ object, kind, outcome }) => ({ object, kind, outcome }))).toEqual([
      { object: SMALL, kind: "stale", outcome: "removed" },
      { object: LARGE, kind: "missing", outcome: "unchanged" },
    ]);
    const { mlc } = await readMasterLightCurve(store, TEST_PIC);
    expect(mlc.segments).toEqual([]);
    expect(mlc.tombstones).toEqual(
      expect.arrayContaining([
        { object: SMALL, generation: stale },
        { object: LARGE, generation: missing },
      ]),
    );
    expect(mlc.tombstones).toHaveLength(2);
    // A late notification of the generation the MLC held before is settled without a read.
    const late = await applyChanges(store, TEST_PIC, [finalize(SMALL, old)]);
    expect(late.operations.lcReads).toBe(0);
    expect(late.written).toBe(false);
  });
});
