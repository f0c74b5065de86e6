import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { InvalidSegmentError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { applyChanges, type SegmentChange } from "../../../runtime/combiner/applyChanges.js";
import { readMasterLightCurve } from "../../../runtime/combiner/storeReads.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { parseLightCurveSegment } from "../../../runtime/core/lightCurveSegment.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { countingObjectStore } from "../../../runtime/combiner/countingObjectStore.js";
import { createMasterLightCurveCache } from "../../../runtime/combiner/masterLightCurveCache.js";
import { TEST_PIC, testObjectName, testSegment, testSegmentBytes, type TestPoint } from "../core/testSegments.js";
import { finalize, pts, remove, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-apply-");

const MLC = `MLC/${TEST_PIC}.json`;
const A = testObjectName(1);
const B = testObjectName(2);

async function heldSegments(store: ObjectStore): Promise<[string, string, number][]> {
  const { mlc } = await readMasterLightCurve(store, TEST_PIC);
  return mlc.segments.map((s) => [s.object, s.generation, s.points]);
}

describe("applyChanges", () => {
  it("creates the MLC of a new star in 3 storage operations, then answers duplicates from the MLC alone", async () => {
    const store = countingObjectStore(freshStore());
    const generation = await upload(store, A, pts(10, 20));
    store.resetCounts();
    const first = await applyChanges(store, TEST_PIC, [finalize(A, generation)]);
    expect(first.outcomes).toEqual([{ object: A, generation, outcome: "merged" }]);
    expect(first.operations).toEqual({ lcReads: 1, mlcReads: 1, mlcWrites: 1, chunkWrites: 0 });
    expect(store.counts).toMatchObject({ get: 2, put: 1, list: 0, stat: 0 });
    expect(await heldSegments(store)).toEqual([[A, generation, 2]]);

    store.resetCounts();
    const again = await applyChanges(store, TEST_PIC, [finalize(A, generation), finalize(A)]);
    expect(again.outcomes.map((o) => o.outcome)).toEqual(["unchanged", "unchanged"]);
    expect(again.written).toBe(false);
    expect(again.mlcGeneration).toBe(first.mlcGeneration);
    // The explicit duplicate costs nothing beyond the MLC read; "current generation" reads the LC once.
    expect(store.counts).toMatchObject({ get: 2, put: 0 });
  });

  it("merges the current generation for a finalize of an overwritten one, and ignores the superseded delete", async () => {
    const store = freshStore();
    const g1 = await upload(store, A, pts(10));
    const g2 = await upload(store, A, pts(30, 40, 50));
    const result = await applyChanges(store, TEST_PIC, [finalize(A, g1), remove(A, g1)]);
    expect(result.outcomes).toEqual([
      { object: A, generation: g2, outcome: "merged" },
      { object: A, generation: g1, outcome: "unchanged" },
    ]);
    expect(await heldSegments(store)).toEqual([[A, g2, 3]]);
  });

  it("removes a deleted object's points, whether told by a delete or by a finalize that finds it gone", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10));
    const gB = await upload(store, B, pts(20));
    await applyChanges(store, TEST_PIC, [finalize(A, gA), finalize(B, gB)]);
    await store.delete(A);
    await store.delete(B);
    const viaDelete = await applyChanges(store, TEST_PIC, [remove(A, gA)]);
    expect(viaDelete.outcomes).toEqual([{ object: A, generation: gA, outcome: "removed" }]);
    // A delete is checked against the bucket (finding 9): one LC read, still 3 operations.
    expect(viaDelete.operations).toEqual({ lcReads: 1, mlcReads: 1, mlcWrites: 1, chunkWrites: 0 });
    const viaFinalize = await applyChanges(store, TEST_PIC, [finalize(B)]);
    expect(viaFinalize.outcomes).toEqual([{ object: B, outcome: "removed" }]);
    expect(await heldSegments(store)).toEqual([]);
  });

  it("reports invalid segments and foreign names without blocking the valid ones of the batch", async () => {
    const store = freshStore();
    const good = await upload(store, A, pts(10));
    const bad = (await store.put(B, Buffer.from(JSON.stringify([{ ...JSON.parse(testSegmentBytes(pts(5)))[0], sig_r: -1 }])))).generation;
    const foreign = testObjectName(3, { pic: "PIC_J18365633+3847012" });
    const result = await applyChanges(store, TEST_PIC, [finalize(B, bad), finalize(A, good), finalize(foreign, "1"), finalize("PSC/x.fits", "1")]);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(["invalid", "merged", "invalid", "invalid"]);
    const errors = result.outcomes.flatMap((o) => (o.outcome === "invalid" ? [o.error] : []));
    errors.forEach((error) => expect(error).toBeInstanceOf(InvalidSegmentError));
    expect(errors[0]!.message).toMatch(/point 0, field "sig_r": must be > 0/);
    expect(errors[0]!.objectName).toBe(B);
    expect(errors[1]!.message).toMatch(/segment of PIC_J18365633\+3847012, not of PIC_J0326137\+295015/);
    expect(errors[2]!.message).toMatch(/not under LC\//);
    expect(await heldSegments(store)).toEqual([[A, good, 1]]);
  });

  it("merges every segment when many writers race on one star (compare-and-swap retries)", async () => {
    const store = freshStore();
    const objects = Array.from({ length: 12 }, (_, i) => testObjectName(i + 1));
    const generations = await Promise.all(objects.map((object, i) => upload(store, object, pts(i * 10, i * 10 + 5))));
    const results = await Promise.all(objects.map((object, i) => applyChanges(store, TEST_PIC, [finalize(object, generations[i])])));
    expect(results.every((r) => r.outcomes[0]!.outcome === "merged")).toBe(true);
    expect(results.some((r) => r.attempts > 1)).toBe(true);
    expect(await heldSegments(store)).toEqual(objects.map((object, i) => [object, generations[i], 2]).sort());
  });

  it("gives up with StoreUnavailableError after the configured attempts when another writer always wins", async () => {
    const inner = freshStore();
    const generation = await upload(inner, A, pts(10));
    // Another writer that replaces the MLC between every read and write of ours.
    const contended: ObjectStore = Object.create(inner, {
      put: {
        value: async (name: string, data: Uint8Array, options?: { ifGenerationMatch?: string }) => {
          if (name === MLC) await inner.put(MLC, encodeMasterLightCurve(emptyMasterLightCurve(TEST_PIC)));
          return inner.put(name, data, options);
        },
      },
    });
    const pauses: number[] = [];
    const attempt = applyChanges(contended, TEST_PIC, [finalize(A, generation)], {
      retry: { maxAttempts: 4, baseDelayMs: 10, random: () => 0.5, sleep: async (ms) => void pauses.push(ms) },
    });
    await expect(attempt).rejects.toThrow(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(/MLC\/PIC_J0326137\+295015\.json: gave up after 4 conflicting writes/);
    expect(pauses).toEqual([5, 10, 20]);
  });
});

describe("applyChanges with a document cache", () => {
  const now = () => "2026-11-26T12:00:00.000Z";

  it("starts a star's next batch from the document it wrote, without its bytes, and writes what an uncached batch writes", async () => {
    const store = countingObjectStore(freshStore());
    const gA = await upload(store, A, pts(10, 20));
    const gB = await upload(store, B, pts(15));
    const cache = createMasterLightCurveCache();
    await applyChanges(store, TEST_PIC, [finalize(A, gA)], { cache, now });
    const conditional = vi.spyOn(store, "getIfChanged");
    store.resetCounts();
    const second = await applyChanges(store, TEST_PIC, [finalize(B, gB)], { cache, now });
    expect(second.outcomes[0]!.outcome).toBe("merged");
    expect(second.operations).toMatchObject({ lcReads: 1, mlcReads: 1, mlcWrites: 1 });
    expect(store.counts).toMatchObject({ get: 2, stat: 0, put: 1 });
    expect(conditional).toHaveBeenCalledOnce();
    await expect(conditional.mock.results[0]!.value).resolves.toBeUndefined();
    expect(cache.get(TEST_PIC)?.generation).toBe(second.mlcGeneration);

    const uncached = freshStore();
    const uA = await upload(uncached, A, pts(10, 20));
    const uB = await upload(uncached, B, pts(15));
    await applyChanges(uncached, TEST_PIC, [finalize(A, uA)], { now });
    await applyChanges(uncached, TEST_PIC, [finalize(B, uB)], { now });
    const named = (bytes: Buffer, ...generations: [string, string][]) =>
      generations.reduce((text, [generation, label]) => text.replaceAll(`"${generation}"`, `"${label}"`), bytes.toString());
    expect(named((await store.get(MLC)).data, [gA, "A"], [gB, "B"])).toBe(named((await uncached.get(MLC)).data, [uA, "A"], [uB, "B"]));
  });

  it("replaces a copy another writer made stale by what the read returns, with no lost compare-and-swap", async () => {
    const store = countingObjectStore(freshStore());
    const gA = await upload(store, A, pts(10));
    const gB = await upload(store, B, pts(20));
    const C = testObjectName(3);
    const gC = await upload(store, C, pts(30));
    const cache = createMasterLightCurveCache();
    await applyChanges(store, TEST_PIC, [finalize(A, gA)], { cache });
    const other = await applyChanges(store, TEST_PIC, [finalize(B, gB)]); // another replica
    expect(cache.get(TEST_PIC)?.generation).not.toBe(other.mlcGeneration);
    store.resetCounts();
    const result = await applyChanges(store, TEST_PIC, [finalize(C, gC)], { cache });
    expect(result.attempts).toBe(1);
    expect(store.counts).toMatchObject({ get: 2, put: 1, preconditionFailed: 0 });
    expect(await heldSegments(store)).toEqual([[A, gA, 1], [B, gB, 1], [C, gC, 1]]);
    expect(cache.get(TEST_PIC)?.generation).toBe(result.mlcGeneration);
  });

  it("forgets a star whose MLC is gone", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10));
    const cache = createMasterLightCurveCache();
    const written = await applyChanges(store, TEST_PIC, [finalize(A, gA)], { cache });
    await store.delete(MLC, { ifGenerationMatch: written.mlcGeneration });
    const again = await applyChanges(store, TEST_PIC, [finalize(A, gA)], { cache });
    expect(again.outcomes[0]!.outcome).toBe("merged");
    expect(await heldSegments(store)).toEqual([[A, gA, 1]]);
  });
});

describe("applyChanges with chunks (tail point limit 3)", () => {
  const C = testObjectName(3);
  const limit = { tailPointLimit: 3 };
  const chunkNames = async (store: ObjectStore): Promise<string[]> => {
    const names: string[] = [];
    for await (const { name } of store.listAll(`MLC/${TEST_PIC}/`)) names.push(name);
    return names;
  };
  /** The MLC that merging `segments` into an empty one gives, without any chunk. */
  const unchunked = (segments: [string, TestPoint[], string][]) =>
    applySegmentUpdates(
      emptyMasterLightCurve(TEST_PIC),
      segments.map(([object, points, generation]) => ({ kind: "merge" as const, segment: testSegment(object, points), generation })),
    ).mlc;

  it("rolls the tail over into a chunk, and loading gives the same points as the never-chunked MLC", async () => {
    const store = countingObjectStore(freshStore());
    const gA = await upload(store, A, pts(10, 40));
    const gB = await upload(store, B, pts(20, 30));
    store.resetCounts();
    const first = await applyChanges(store, TEST_PIC, [finalize(A, gA), finalize(B, gB)], limit);
    expect(first.operations).toEqual({ lcReads: 2, mlcReads: 1, mlcWrites: 1, chunkWrites: 1 });
    expect(store.counts.put).toBe(2);
    const { mlc: doc } = await readMasterLightCurve(store, TEST_PIC);
    expect(doc.points.time).toEqual([]);
    expect(doc.chunks).toHaveLength(1);
    expect(doc.chunks![0]!).toMatchObject({ points: 4, segments: [{ object: A, generation: gA }, { object: B, generation: gB }] });
    expect(await chunkNames(store)).toEqual([`MLC/${TEST_PIC}/${doc.chunks![0]!.id}.json`]);

    const gC = await upload(store, C, pts(25));
    await applyChanges(store, TEST_PIC, [finalize(C, gC)], limit);
    const loaded = await loadMasterLightCurve(store, TEST_PIC);
    const expected = unchunked([[A, pts(10, 40), gA], [B, pts(20, 30), gB], [C, pts(25), gC]]);
    expect(loaded.mlc.points).toEqual(expected.points);
    expect(loaded.mlc.segments).toEqual(expected.segments);
    expect(loaded.mlc.chunks).toBeUndefined();
  });

  it("replaces and deletes chunked segments by changing the document only; readers drop the dead points", async () => {
    const store = countingObjectStore(freshStore());
    const gA = await upload(store, A, pts(10, 40));
    const gB = await upload(store, B, pts(20, 30));
    await applyChanges(store, TEST_PIC, [finalize(A, gA), finalize(B, gB)], limit);
    const [chunk] = await chunkNames(store);

    const gA2 = await upload(store, A, pts(15));
    store.resetCounts();
    const replaced = await applyChanges(store, TEST_PIC, [finalize(A, gA2)], limit);
    expect(replaced.outcomes[0]!.outcome).toBe("merged");
    expect(store.counts).toMatchObject({ get: 2, put: 1, delete: 0 });
    expect((await loadMasterLightCurve(store, TEST_PIC)).mlc.points).toEqual(unchunked([[A, pts(15), gA2], [B, pts(20, 30), gB]]).points);

    await store.delete(B);
    await applyChanges(store, TEST_PIC, [remove(B, gB)], limit);
    const { mlc: doc } = await readMasterLightCurve(store, TEST_PIC);
    // Every point of the chunk is dead now: the document no longer lists it, reconcile collects it.
    expect(doc.chunks).toBeUndefined();
    expect(await chunkNames(store)).toEqual([chunk]);
    expect((await loadMasterLightCurve(store, TEST_PIC)).mlc.points).toEqual(unchunked([[A, pts(15), gA2]]).points);
  });

  it("reuses the chunk of a retried batch (content-derived name, create-only write)", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10, 20, 30, 40));
    const written = await applyChanges(store, TEST_PIC, [finalize(A, gA)], limit);
    const [chunk] = await chunkNames(store);
    // As if that write had lost its race: the same batch on the previous (absent) MLC.
    await store.delete(MLC, { ifGenerationMatch: written.mlcGeneration });
    await applyChanges(store, TEST_PIC, [finalize(A, gA)], limit);
    expect(await chunkNames(store)).toEqual([chunk]);
    expect((await loadMasterLightCurve(store, TEST_PIC)).mlc.points.time).toHaveLength(4);
  });
});

/**
 * Order independence against a real bucket: each object is written in several generations and
 * maybe deleted at the end; every notification GCS would send (a finalize per generation, a
 * delete per overwritten or deleted generation) is delivered 1–3 times, shuffled, in batches,
 * with or without two replicas' document caches.
 * The MLC must hold exactly each surviving object's last generation, and (with a random tail
 * limit, down to 1 point, so that chunks are written, replaced and dropped) the points of a
 * never-chunked merge of them.
 */
describe("applyChanges order independence (property)", () => {
  const scenario = fc.record({
    histories: fc.array(fc.record({ generations: fc.integer({ min: 1, max: 3 }), deleted: fc.boolean() }), { minLength: 1, maxLength: 4 }),
    copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 30, maxLength: 30 }),
    seed: fc.integer(),
    batch: fc.integer({ min: 1, max: 5 }),
    tailPointLimit: fc.integer({ min: 1, max: 8 }),
    replicaCaches: fc.boolean(),
  });

  it("any permutation of any multiset of notifications gives the MLC of the surviving latest generations", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ histories, copies, seed, batch, tailPointLimit, replicaCaches }) => {
        const store = freshStore();
        const notifications: SegmentChange[] = [];
        const expected: [string, string, number][] = [];
        for (const [n, history] of histories.entries()) {
          const object = testObjectName(n + 1);
          for (let g = 0; g < history.generations; g++) {
            const generation = await upload(store, object, pts(n * 7 + g, 60));
            const last = g === history.generations - 1;
            for (let k = 0; k < copies[(n * 3 + g) % copies.length]!; k++) notifications.push(finalize(object, generation));
            if (!last || history.deleted) notifications.push(remove(object, generation));
            if (last && history.deleted) await store.delete(object);
            if (last && !history.deleted) expected.push([object, generation, 2]);
          }
        }
        const shuffled = fc.sample(fc.shuffledSubarray(notifications, { minLength: notifications.length }), { seed, numRuns: 1 })[0]!;
        // Two replicas taking batches in turn, each with its own cache: every other batch finds its entry stale.
        const caches = replicaCaches ? [createMasterLightCurveCache(), createMasterLightCurveCache()] : [];
        for (let at = 0, turn = 0; at < shuffled.length; at += batch, turn++) {
          await applyChanges(store, TEST_PIC, shuffled.slice(at, at + batch), { tailPointLimit, cache: caches[turn % 2] });
        }
        expect(await heldSegments(store)).toEqual(expected.sort());
        const survivors = await Promise.all(
          expected.map(async ([object, generation]) => ({
            kind: "merge" as const,
            segment: parseLightCurveSegment(object, (await store.get(object)).data),
            generation,
          })),
        );
        const reference = applySegmentUpdates(emptyMasterLightCurve(TEST_PIC), survivors).mlc;
        const loaded = survivors.length > 0 ? (await loadMasterLightCurve(store, TEST_PIC)).mlc : reference;
        expect(loaded.points).toEqual(reference.points);
      }),
      { numRuns: 25 },
    );
  });
});
