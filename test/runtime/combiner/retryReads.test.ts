/**
 * A batch that lost its compare-and-swap reads its LC objects again, but conditionally
 * (storeReads.ts): an object still at the generation read costs no bytes and no parse. These
 * tests force the races in which reusing the earlier read would be wrong, run inside the
 * batch's MLC write (interleavedStore.ts), on a filesystem bucket, and check that the retry is
 * as current as a full read.
 */
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { rebuildMasterLightCurve } from "../../../runtime/combiner/rebuildMasterLightCurve.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName } from "../core/testSegments.js";
import { interleavedStore, type StoreOperation } from "./interleavedStore.js";
import { finalize, pts, remove, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-retry-reads-");

const [X, Y, Z] = [1, 2, 3].map((n) => testObjectName(n)) as [string, string, string];
const MLC = masterLightCurveName(TEST_PIC);
const held = async (store: ObjectStore) => (await loadMasterLightCurve(store, TEST_PIC)).mlc.segments.map((s) => [s.object, s.generation, s.points]);

/** Reads of LC objects that `store` saw, each with whether it returned bytes. */
function recordingReads(store: ObjectStore): { store: ObjectStore; reads: [StoreOperation, string, "bytes" | "unchanged" | "absent"][] } {
  const reads: [StoreOperation, string, "bytes" | "unchanged" | "absent"][] = [];
  const record = async <T>(operation: StoreOperation, name: string, read: () => Promise<T>): Promise<T> => {
    try {
      const found = await read();
      if (name.startsWith("LC/")) reads.push([operation, name, found === undefined ? "unchanged" : "bytes"]);
      return found;
    } catch (error) {
      if (name.startsWith("LC/")) reads.push([operation, name, "absent"]);
      throw error;
    }
  };
  return {
    reads,
    store: {
      url: store.url,
      bucket: store.bucket,
      get: (name) => record("get", name, () => store.get(name)),
      getIfChanged: (name, generation) => record("getIfChanged", name, () => store.getIfChanged(name, generation)),
      stat: (name) => store.stat(name),
      put: (name, data, options) => store.put(name, data, options),
      delete: (name, options) => store.delete(name, options),
      list: (options) => store.list(options),
      listAll: (prefix) => store.listAll(prefix),
    },
  };
}

/** Runs `other` inside the batch's first MLC write, before it reaches the bucket: the write loses. */
const losingFirstWrite = (store: ObjectStore, other: () => Promise<void>) =>
  interleavedStore(store, { when: (operation, name) => operation === "put" && name === MLC, at: "before", run: other });

describe("LC reads of a retried batch", () => {
  it("re-reads objects still at the generation read without their bytes, and merges them", async () => {
    const store = freshStore();
    const gX = await upload(store, X, pts(10));
    const gY = await upload(store, Y, pts(20, 30));
    const gZ = await upload(store, Z, pts(40));
    const recorded = recordingReads(store);
    const replicaA = losingFirstWrite(recorded.store, async () => void (await applyChanges(store, TEST_PIC, [finalize(Z, gZ)])));
    const result = await applyChanges(replicaA, TEST_PIC, [finalize(X, gX), finalize(Y, gY)]);
    expect(result.attempts).toBe(2);
    expect(result.operations.lcReads).toBe(4);
    expect(recorded.reads.sort()).toEqual([
      ["get", X, "bytes"],
      ["get", Y, "bytes"],
      ["getIfChanged", X, "unchanged"],
      ["getIfChanged", Y, "unchanged"],
    ]);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(["merged", "merged"]);
    expect(await held(store)).toEqual([[X, gX, 1], [Y, gY, 2], [Z, gZ, 1]]);
  });

  it("merges the generation an object was overwritten with between the attempts, not the one read first", async () => {
    const store = freshStore();
    const g1 = await upload(store, X, pts(10));
    const gZ = await upload(store, Z, pts(40));
    let g2 = "";
    const replicaA = losingFirstWrite(store, async () => {
      g2 = await upload(store, X, pts(50, 60, 70)); // its notification is still on its way
      await applyChanges(store, TEST_PIC, [finalize(Z, gZ)]);
    });
    const result = await applyChanges(replicaA, TEST_PIC, [finalize(X, g1)]);
    expect(result.attempts).toBe(2);
    expect(result.outcomes).toEqual([{ object: X, generation: g2, outcome: "merged" }]);
    expect(await held(store)).toEqual([[X, g2, 3], [Z, gZ, 1]]);
  });

  it("does not merge back an object deleted between the attempts whose tombstone a rebuild dropped", async () => {
    // The race that makes an unchecked reuse wrong: X is deleted, replica B answers the delete
    // (a tombstone), `piaa combine` rebuilds from the bucket (Y is new there, so it writes: no X,
    // no tombstone), and only then
    // does A retry its finalize of X. Reusing the bytes it read would put X's points back with
    // every notification answered; the conditional read finds X gone.
    const store = freshStore();
    const g1 = await upload(store, X, pts(10));
    const gZ = await upload(store, Z, pts(40));
    await applyChanges(store, TEST_PIC, [finalize(Z, gZ)]);
    let deleteAnswer: unknown;
    let gY = "";
    const replicaA = losingFirstWrite(store, async () => {
      await store.delete(X);
      deleteAnswer = (await applyChanges(store, TEST_PIC, [remove(X, g1)])).outcomes;
      gY = await upload(store, Y, pts(20));
      expect((await rebuildMasterLightCurve(store, TEST_PIC)).written).toBe(true);
    });
    const result = await applyChanges(replicaA, TEST_PIC, [finalize(X, g1)]);
    expect(deleteAnswer).toEqual([{ object: X, generation: g1, outcome: "unchanged" }]);
    expect(result.attempts).toBe(2);
    expect(result.outcomes).toEqual([{ object: X, generation: g1, outcome: "unchanged" }]);
    expect(await held(store)).toEqual([[Y, gY, 1], [Z, gZ, 1]]);
  });
});
