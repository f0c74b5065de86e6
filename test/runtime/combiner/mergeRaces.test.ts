/**
 * Issue 14's findings, each as the interleaving that broke the merge path, forced with a store
 * that runs the other actor inside one call (interleavedStore.ts), on a filesystem bucket.
 */
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { rebuildMasterLightCurve } from "../../../runtime/combiner/rebuildMasterLightCurve.js";
import { reconcileBucket } from "../../../runtime/combiner/reconcile.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { NotFoundError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import { httpStatusOf } from "../../../runtime/core/httpErrors.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { interleavedStore } from "./interleavedStore.js";
import { finalize, pts, remove, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-races-");

const X = testObjectName(1);
const Y = testObjectName(2);
const MLC = masterLightCurveName(TEST_PIC);
const held = async (store: ObjectStore) => (await loadMasterLightCurve(store, TEST_PIC)).mlc.segments.map((s) => [s.object, s.generation, s.points]);

describe("merge races (issue 14)", () => {
  it("1: reconcile keeps a segment uploaded and merged after its listing (it is not 'gone')", async () => {
    const store = freshStore();
    const gY = await upload(store, Y, pts(5));
    await applyChanges(store, TEST_PIC, [finalize(Y, gY)]);
    let gX = "";
    const reconciling = interleavedStore(store, {
      when: (operation, name) => operation === "list" && name === "MLC/",
      at: "before",
      run: async () => {
        gX = await upload(store, X, pts(10, 20));
        await applyChanges(store, TEST_PIC, [finalize(X, gX)]);
      },
    });
    const report = await reconcileBucket(reconciling);
    expect(reconciling.ran).toBe(true);
    expect(report.fixes).toEqual([{ pic: TEST_PIC, object: X, kind: "gone", mlcGeneration: gX, outcome: "unchanged" }]);
    expect(await held(store)).toEqual([[X, gX, 2], [Y, gY, 1]]);
  });

  it("2: a retry after a lost compare-and-swap reads the LC object again (no stale 'gone')", async () => {
    const store = freshStore();
    const g1 = await upload(store, X, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(X, g1)]);
    await store.delete(X);
    let g2 = "";
    const replicaA = interleavedStore(store, {
      when: (operation, name) => operation === "get" && name === X,
      at: "after", // A has read "gone"; X comes back as g2 and replica B merges it
      run: async () => {
        g2 = await upload(store, X, pts(30, 40));
        await applyChanges(store, TEST_PIC, [finalize(X, g2)]);
      },
    });
    const result = await applyChanges(replicaA, TEST_PIC, [finalize(X)]);
    expect(result.attempts).toBe(2);
    expect(result.outcomes).toEqual([{ object: X, generation: g2, outcome: "unchanged" }]);
    expect(await held(store)).toEqual([[X, g2, 2]]);
  });

  it("3: a batch that read X before its deletion cannot merge it after the delete was answered (tombstone)", async () => {
    const store = freshStore();
    const g1 = await upload(store, X, pts(10));
    let deleteAnswer: unknown;
    const replicaA = interleavedStore(store, {
      when: (operation, name) => operation === "get" && name === X,
      at: "after", // A holds X@g1's bytes; X is deleted and B answers the delete
      run: async () => {
        await store.delete(X);
        deleteAnswer = (await applyChanges(store, TEST_PIC, [remove(X, g1)])).outcomes;
      },
    });
    const result = await applyChanges(replicaA, TEST_PIC, [finalize(X, g1)]);
    expect(deleteAnswer).toEqual([{ object: X, generation: g1, outcome: "unchanged" }]);
    expect(result.attempts).toBe(2); // B's tombstone moved the MLC on: A's compare-and-swap lost
    expect(await held(store)).toEqual([]);
    expect((await readMasterLightCurve(store, TEST_PIC)).mlc.tombstones).toEqual([{ object: X, generation: g1 }]);
  });

  it("4: an overwrite by an invalid generation drops the old points, and combine agrees", async () => {
    const store = freshStore();
    const g1 = await upload(store, X, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(X, g1)]);
    const g2 = (await store.put(X, Buffer.from("[]"))).generation;
    const { outcomes } = await applyChanges(store, TEST_PIC, [finalize(X, g2)]);
    expect(outcomes[0]).toMatchObject({ object: X, generation: g2, outcome: "invalid" });
    expect(await held(store)).toEqual([]);
    const incremental = (await loadMasterLightCurve(store, TEST_PIC)).mlc;
    const rebuilt = await rebuildMasterLightCurve(store, TEST_PIC);
    expect(rebuilt.written).toBe(false);
    expect((await loadMasterLightCurve(store, TEST_PIC)).mlc).toEqual(incremental);
  });

  it("5: reconcile does not call an MLC unreadable for a chunk rolled over after its listing", async () => {
    const store = freshStore();
    const gX = await upload(store, X, pts(10, 20, 30));
    await applyChanges(store, TEST_PIC, [finalize(X, gX)]);
    let gY = "";
    const reconciling = interleavedStore(store, {
      when: (operation, name) => (operation === "get" || operation === "getIfChanged") && name === MLC,
      at: "before",
      run: async () => {
        gY = await upload(store, Y, pts(40, 50));
        await applyChanges(store, TEST_PIC, [finalize(Y, gY)], { tailPointLimit: 4 });
      },
    });
    const report = await reconcileBucket(reconciling, { chunkGraceMs: 0 });
    expect(reconciling.ran).toBe(true);
    expect((await readMasterLightCurve(store, TEST_PIC)).mlc.chunks).toHaveLength(1);
    // Y is not in the LC listing taken before it was uploaded: checked against the bucket, kept.
    expect(report.fixes).toEqual([{ pic: TEST_PIC, object: Y, kind: "gone", mlcGeneration: gY, outcome: "unchanged" }]);
    expect(report.unlistedChunks).toEqual([]);
    expect(await held(store)).toEqual([[X, gX, 3], [Y, gY, 2]]);
  });

  it("6: a chunk collected between its write and the document's is put back; the batch answers 200", async () => {
    const store = freshStore();
    const gX = await upload(store, X, pts(10, 20, 30));
    await applyChanges(store, TEST_PIC, [finalize(X, gX)]);
    // Reconcile lists LC/ (X only), then waits; Y is uploaded and a batch rolls X and Y over into
    // a chunk; just before the batch's document write, reconcile goes on and, at grace 0,
    // collects the chunk that no document lists yet.
    let atGate!: () => void;
    const reconcileWaits = new Promise<void>((resolve) => (atGate = resolve));
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const reconciling = reconcileBucket(
      interleavedStore(store, { when: (operation, name) => operation === "list" && name === "MLC/", at: "before", run: () => (atGate(), gate) }),
      { chunkGraceMs: 0, now: () => Date.now() + 1000 },
    );
    await reconcileWaits;
    const gY = await upload(store, Y, pts(40, 50));
    const replica = interleavedStore(store, { when: (operation, name) => operation === "put" && name === MLC, at: "before", run: async () => (openGate(), void (await reconciling)) });
    const result = await applyChanges(replica, TEST_PIC, [finalize(Y, gY)], { tailPointLimit: 4 });
    const report = await reconciling;
    const { mlc } = await readMasterLightCurve(store, TEST_PIC);
    expect(report.unlistedChunks).toEqual([`MLC/${TEST_PIC}/${mlc.chunks![0]!.id}.json`]);
    expect(result.outcomes).toEqual([{ object: Y, generation: gY, outcome: "merged" }]);
    expect(await held(store)).toEqual([[X, gX, 3], [Y, gY, 2]]);
  });

  it("6: a chunk missing under a batch is a 503 (retry later), never a 404 that the proxy turns into a rejection", async () => {
    const store = freshStore();
    const gX = await upload(store, X, pts(10));
    const vanishing = interleavedStore(store, {
      when: (operation, name) => operation === "put" && name === MLC,
      at: "before",
      run: async () => {
        throw new NotFoundError(MLC);
      },
    });
    const failure = await applyChanges(vanishing, TEST_PIC, [finalize(X, gX)]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect(httpStatusOf(failure)).toBe(503);
  });

  it("7: values near the largest double merge, read back, and do not poison later batches", async () => {
    const store = freshStore();
    const huge = testSegmentBytes(pts(10, 20)).replaceAll(/"R":[0-9.e+-]+/g, '"R":1e308');
    const gX = (await store.put(X, Buffer.from(huge))).generation;
    expect((await applyChanges(store, TEST_PIC, [finalize(X, gX)])).outcomes[0]!.outcome).toBe("merged");
    const gY = await upload(store, Y, pts(30));
    expect((await applyChanges(store, TEST_PIC, [finalize(Y, gY)])).outcomes[0]!.outcome).toBe("merged");
    const { mlc } = await loadMasterLightCurve(store, TEST_PIC);
    expect(mlc.points.R.slice(0, 2)).toEqual([1e308, 1e308]);
    expect(mlc.segments.find((s) => s.object === X)!.median.R).toBe(1e308);
    expect((await rebuildMasterLightCurve(store, TEST_PIC)).written).toBe(false);
  });

  it("8: reconcile rebuilds an MLC whose listed chunk is present but unreadable", async () => {
    const store = freshStore();
    const gX = await upload(store, X, pts(10, 20, 30, 40, 50));
    await applyChanges(store, TEST_PIC, [finalize(X, gX)], { tailPointLimit: 4 });
    const { mlc } = await readMasterLightCurve(store, TEST_PIC);
    const chunk = `MLC/${TEST_PIC}/${mlc.chunks![0]!.id}.json`;
    await store.put(chunk, Buffer.from("{ not json"));
    const report = await reconcileBucket(store);
    expect(report.fixes).toMatchObject([{ object: MLC, kind: "unreadable", outcome: "rebuilt" }]);
    expect(report.fixes[0]!.message).toContain(chunk);
    expect(await held(store)).toEqual([[X, gX, 5]]);
  });

  it("9: a delete of a newer generation, or of an object that exists, removes nothing", async () => {
    const store = freshStore();
    const gX = await upload(store, X, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(X, gX)]);
    const forged = String(BigInt(gX) + 1000n);
    const { outcomes } = await applyChanges(store, TEST_PIC, [remove(X, forged), remove(X, gX)]);
    expect(outcomes.map((o) => o.outcome)).toEqual(["unchanged", "unchanged"]);
    expect(await held(store)).toEqual([[X, gX, 1]]);
  });
});
