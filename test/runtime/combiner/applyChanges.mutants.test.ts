/**
 * applyChanges at the branches the main tests pass through without pinning: which changes the
 * document already settles (no LC read), the newest generation a tombstone records, the
 * generation each outcome reports, a duplicate of a new merge in one batch, the tail point limit's
 * exact boundary, the `updated` time, and the read concurrency bound.
 */
import { utimes } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { applyChanges, type SegmentChange } from "../../../runtime/combiner/applyChanges.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { NotFoundError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import { recordedGenerations } from "../../../runtime/core/mergeSegment.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { finalize, pts, remove, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-apply-mutants-");
const A = testObjectName(1);
const B = testObjectName(2);
const C = testObjectName(3);
const later = (generation: string, by = 1000n) => String(BigInt(generation) + by);

async function record(store: ObjectStore, object: string) {
  return recordedGenerations((await readMasterLightCurve(store, TEST_PIC)).mlc).get(object);
}

describe("applyChanges: what the document settles without reading the LC object", () => {
  it("reads nothing for a finalize of a recorded or older generation, nor for a delete of a recorded tombstone", async () => {
    const store = freshStore();
    const g1 = await upload(store, A, pts(10));
    const g2 = await upload(store, A, pts(20));
    await applyChanges(store, TEST_PIC, [finalize(A, g2)]);
    const settled = await applyChanges(store, TEST_PIC, [finalize(A, g2), finalize(A, g1), remove(A, g1)]);
    expect(settled.operations.lcReads).toBe(0);
    expect(settled.outcomes.map((o) => [o.generation, o.outcome])).toEqual([
      [g2, "unchanged"],
      [g1, "unchanged"],
      [g1, "unchanged"],
    ]);

    await store.delete(A);
    await applyChanges(store, TEST_PIC, [remove(A, g2)]);
    expect(await record(store, A)).toEqual({ generation: g2, dead: true });
    const again = await applyChanges(store, TEST_PIC, [remove(A, g2), finalize(A, g1)]);
    expect(again.operations.lcReads).toBe(0);
    expect(again.written).toBe(false);
  });

  it("reads the object for a delete of the live generation recorded, a newer generation, or no generation", async () => {
    const store = freshStore();
    const g = await upload(store, A, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(A, g)]);
    for (const change of [remove(A, g), remove(A, later(g)), finalize(A, later(g)), finalize(A), remove(A)]) {
      const result = await applyChanges(store, TEST_PIC, [change]);
      expect(result.operations.lcReads).toBe(1);
      // The object still exists at g: nothing is removed, whatever the notification says.
      expect(result.outcomes[0]!.outcome).toBe("unchanged");
    }
    expect(await record(store, A)).toEqual({ generation: g, dead: false });
  });

  it("reads again a finalize of the very generation a tombstone records, to answer invalid for an invalid object", async () => {
    const store = freshStore();
    const bad = (await store.put(A, Buffer.from("[]"))).generation;
    const first = await applyChanges(store, TEST_PIC, [finalize(A, bad)]);
    expect(first.outcomes[0]!.outcome).toBe("invalid");
    expect(await record(store, A)).toEqual({ generation: bad, dead: true });
    const redelivered = await applyChanges(store, TEST_PIC, [finalize(A, bad)]);
    expect(redelivered.operations.lcReads).toBe(1);
    expect(redelivered.outcomes[0]).toMatchObject({ outcome: "invalid", generation: bad });
    // A delete is not answered 422: the object it names is what it is about, not its content.
    const elsewhere = freshStore();
    const badThere = (await elsewhere.put(A, Buffer.from("[]"))).generation;
    expect((await applyChanges(elsewhere, TEST_PIC, [remove(A, badThere)])).outcomes[0]!.outcome).toBe("unchanged");
    expect((await applyChanges(store, TEST_PIC, [remove(A, bad)])).outcomes[0]!.outcome).toBe("unchanged");
  });
});

describe("applyChanges: generations recorded and reported", () => {
  it("records a gone object dead up to the newest generation any change of the batch named", async () => {
    const store = freshStore();
    const g = await upload(store, A, pts(10));
    await store.delete(A);
    const newest = later(g, 5000n);
    // B's generation, newer still, is no generation of A.
    const result = await applyChanges(store, TEST_PIC, [finalize(A, g), remove(A, newest), remove(B, later(g, 9000n)), remove(A, later(g))]);
    expect(result.outcomes.map((o) => [o.generation, o.outcome])).toEqual([
      [g, "unchanged"],
      [newest, "unchanged"],
      [later(g, 9000n), "unchanged"],
      [later(g), "unchanged"],
    ]);
    expect(await record(store, A)).toEqual({ generation: newest, dead: true });
    expect(await record(store, B)).toEqual({ generation: later(g, 9000n), dead: true });
  });

  it("records nothing for a gone object no change named a generation of", async () => {
    const store = freshStore();
    const result = await applyChanges(store, TEST_PIC, [finalize(A), remove(A)]);
    expect(result.written).toBe(false);
    expect(result.mlcGeneration).toBeUndefined();
    expect(result.outcomes).toEqual([
      { object: A, generation: undefined, outcome: "unchanged" },
      { object: A, generation: undefined, outcome: "unchanged" },
    ]);
    await expect(store.stat(`MLC/${TEST_PIC}.json`)).rejects.toThrow();
  });

  it("reports for a delete without a generation the generation the bucket holds", async () => {
    const store = freshStore();
    const g = await upload(store, A, pts(10));
    const result = await applyChanges(store, TEST_PIC, [finalize(A, g), remove(A)]);
    expect(result.outcomes).toEqual([
      { object: A, generation: g, outcome: "merged" },
      { object: A, generation: g, outcome: "unchanged" },
    ]);
  });

  it("answers invalid only for the invalid generation: an older one's finalize was overtaken", async () => {
    const store = freshStore();
    const good = await upload(store, A, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(A, good)]);
    const bad = (await store.put(A, Buffer.from("[]"))).generation;
    const result = await applyChanges(store, TEST_PIC, [finalize(A, good), finalize(A, bad)]);
    expect(result.outcomes[0]).toEqual({ object: A, generation: bad, outcome: "removed" });
    expect(result.outcomes[1]).toMatchObject({ object: A, generation: bad, outcome: "invalid" });
  });

  it("answers merged for the finalize, not for a delete before it in the batch, of a segment merged", async () => {
    const store = freshStore();
    const g = await upload(store, A, pts(10));
    const result = await applyChanges(store, TEST_PIC, [remove(A), finalize(A, g)]);
    expect(result.outcomes).toEqual([
      { object: A, generation: g, outcome: "unchanged" },
      { object: A, generation: g, outcome: "merged" },
    ]);
  });

  it("answers one merged for a segment notified twice in the batch that merges it", async () => {
    const store = freshStore();
    const g = await upload(store, A, pts(10));
    const result = await applyChanges(store, TEST_PIC, [finalize(A, g), finalize(A, g), finalize(A)]);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(["merged", "unchanged", "unchanged"]);
    expect(result.operations.lcReads).toBe(1);
  });
});

describe("applyChanges: options", () => {
  it("keeps a tail of exactly tailPointLimit points and rolls it over one point later", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10, 20, 30));
    const atLimit = await applyChanges(store, TEST_PIC, [finalize(A, gA)], { tailPointLimit: 3 });
    expect(atLimit.operations.chunkWrites).toBe(0);
    expect((await readMasterLightCurve(store, TEST_PIC)).mlc.points.time).toHaveLength(3);
    const gB = await upload(store, B, pts(40));
    const past = await applyChanges(store, TEST_PIC, [finalize(B, gB)], { tailPointLimit: 3 });
    expect(past.operations.chunkWrites).toBe(1);
    expect((await readMasterLightCurve(store, TEST_PIC)).mlc.points.time).toHaveLength(0);
  });

  it("stamps the written document with the time `now` gives", async () => {
    const store = freshStore();
    const g = await upload(store, A, pts(10));
    await applyChanges(store, TEST_PIC, [finalize(A, g)], { now: () => "2026-12-06T15:00:00.000Z" });
    expect((await readMasterLightCurve(store, TEST_PIC)).mlc.updated).toBe("2026-12-06T15:00:00.000Z");
  });

  it("reads at most readConcurrency LC objects at a time", async () => {
    const inner = freshStore();
    const changes: SegmentChange[] = [];
    for (const object of [A, B, C]) changes.push(finalize(object, await upload(inner, object, pts(10))));
    const peakOf = async (readConcurrency?: number) => {
      let inFlight = 0;
      let peak = 0;
      const store: ObjectStore = Object.create(inner, {
        get: {
          value: async (name: string) => {
            if (!name.startsWith("LC/")) return inner.get(name);
            peak = Math.max(peak, ++inFlight);
            try {
              return await inner.get(name);
            } finally {
              inFlight--;
            }
          },
        },
      });
      await store.delete(`MLC/${TEST_PIC}.json`).catch(() => undefined);
      await applyChanges(store, TEST_PIC, changes, { readConcurrency });
      return peak;
    };
    expect(await peakOf(1)).toBe(1);
    expect(await peakOf()).toBe(3);
  });
});

describe("applyChanges: the batch's own MLC", () => {
  it("refuses a segment of another star named like this one's, naming both stars", async () => {
    const store = freshStore();
    const foreign = testObjectName(1, { pic: "PIC_J18365633+3847012" });
    await store.put(foreign, Buffer.from(testSegmentBytes(pts(10))));
    const result = await applyChanges(store, TEST_PIC, [finalize(foreign)]);
    expect(result.operations.lcReads).toBe(0);
    expect(result.outcomes[0]).toMatchObject({ outcome: "invalid" });
    const error = result.outcomes[0]!.outcome === "invalid" ? result.outcomes[0]!.error : undefined;
    expect(error?.objectName).toBe(foreign);
    expect(error?.message).toContain(`is a segment of PIC_J18365633+3847012, not of ${TEST_PIC}`);
  });
});

describe("applyChanges: the document write", () => {
  it("creates the MLC only if absent and replaces it only at the generation read, as JSON", async () => {
    const inner = freshStore();
    const puts: { name: string; options: unknown }[] = [];
    const store: ObjectStore = Object.create(inner, {
      put: {
        value: (name: string, data: Uint8Array, options?: Parameters<ObjectStore["put"]>[2]) => {
          puts.push({ name, options });
          return inner.put(name, data, options);
        },
      },
    });
    const first = await applyChanges(store, TEST_PIC, [finalize(A, await upload(inner, A, pts(10)))]);
    expect(first.written).toBe(true);
    const second = await applyChanges(store, TEST_PIC, [finalize(B, await upload(inner, B, pts(20)))]);
    expect(second.written).toBe(true);
    expect(puts).toEqual([
      { name: `MLC/${TEST_PIC}.json`, options: { ifGenerationMatch: "0", contentType: "application/json" } },
      { name: `MLC/${TEST_PIC}.json`, options: { ifGenerationMatch: first.mlcGeneration, contentType: "application/json" } },
    ]);
  });

  it("turns an absence that escapes the merge into a retryable StoreUnavailableError naming the object", async () => {
    const inner = freshStore();
    const g = await upload(inner, A, pts(10));
    const MLC = `MLC/${TEST_PIC}.json`;
    const store: ObjectStore = Object.create(inner, {
      put: { value: (name: string) => Promise.reject(new NotFoundError(name)) },
    });
    const error = await applyChanges(store, TEST_PIC, [finalize(A, g)]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error).toMatchObject({ objectName: MLC, message: `object store unavailable for ${MLC}: changed while the batch ran` });
    expect((error as Error).cause).toBeInstanceOf(NotFoundError);
  });
});

describe("applyChanges: an entry newer than its object (reconcile's replaceNewer)", () => {
  it("replaces only the objects whose change asks for it; a plain finalize keeps the newer entry", async () => {
    const store = freshStore();
    const root = fileURLToPath(store.url);
    const first = await applyChanges(store, TEST_PIC, [finalize(A, await upload(store, A, pts(10))), finalize(B, await upload(store, B, pts(20)))]);
    expect(first.written).toBe(true);
    // Both files restored with an old mtime: the bucket now holds older generations than the MLC records.
    const restoredAt = new Date(Date.now() - 86_400_000);
    for (const object of [A, B]) await utimes(path.join(root, object), restoredAt, restoredAt);
    const [olderA, olderB] = [(await store.stat(A)).generation, (await store.stat(B)).generation];
    const recordedB = (await record(store, B))!.generation;
    expect(BigInt(olderB) < BigInt(recordedB)).toBe(true);

    const result = await applyChanges(store, TEST_PIC, [{ object: A, eventType: "OBJECT_FINALIZE", replaceNewer: true }, finalize(B)]);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(["merged", "unchanged"]);
    expect(await record(store, A)).toEqual({ generation: olderA, dead: false });
    expect(await record(store, B)).toEqual({ generation: recordedB, dead: false });
  });
});
