/**
 * The analyzer's star index writer (starIndexWriter.ts), in process with a filesystem bucket: the
 * changes for a shard that arrive while its write is in flight go into one next write; each
 * apply() resolves once a write holding its change is stored; a failed write rejects exactly the
 * changes it held, and the shard's later changes are still written. Writes are held at a gate.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { errorRow } from "../../../runtime/analysis/starIndexRow.js";
import { createStarIndexWriter } from "../../../runtime/analyzer/starIndexWriter.js";
import { starIndexShardName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { delegate } from "./storeWrappers.js";

/** Three stars of shard 3 and one of shard 7 (FNV-1a, starIndex.ts). */
const SHARD_3 = ["PIC_J01000000+100000", "PIC_J04000000+400000", "PIC_J0326137+295015"];
const SHARD_7 = "PIC_J02000000+200000";
const row = (pic: string, generation = "5") => errorRow(pic, generation, "unreadable", new Date("2026-12-06T00:00:00Z"));

let dir: string;
let bucket: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-index-writer-"));
  bucket = openObjectStore(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Records the index writes (shard and rows written) and holds each at a gate until released; `failNext` makes the next one fail. */
function heldWrites(base: ObjectStore) {
  const writes: Array<{ shard: number; pics: string[]; release: () => void }> = [];
  let failNext = false;
  let arrived: () => void = () => {};
  const store: ObjectStore = {
    ...delegate(base),
    async put(name, data, options) {
      const shard = [3, 7].find((s) => starIndexShardName(s) === name);
      if (shard === undefined) return base.put(name, data, options);
      const pics = (JSON.parse(Buffer.from(data).toString("utf8")) as { rows: Array<{ pic: string }> }).rows.map((r) => r.pic);
      await new Promise<void>((release) => {
        writes.push({ shard, pics, release });
        arrived();
      });
      if (failNext) {
        failNext = false;
        throw new Error(`disk full writing ${name}`);
      }
      return base.put(name, data, options);
    },
  };
  return {
    store,
    writes,
    failNext: () => void (failNext = true),
    /** Resolves once `count` writes have reached the gate. */
    reached: (count: number) =>
      new Promise<void>((resolve) => {
        const check = (): void => (writes.length >= count ? resolve() : void (arrived = check));
        check();
      }),
  };
}

/** An apply() and how it has settled so far. */
const state = (promise: Promise<void>) => {
  const seen = {
    settled: "pending" as string,
    done: promise.then(
      () => void (seen.settled = "stored"),
      (error: Error) => void (seen.settled = error.message),
    ),
  };
  return seen;
};

describe("createStarIndexWriter", () => {
  it("writes the changes that arrive during a shard's write together in its next write, each apply resolving with the write that holds it", async () => {
    expect([...SHARD_3.map((pic) => shardOf(pic)), shardOf(SHARD_7)]).toEqual([3, 3, 3, 7]);
    const held = heldWrites(bucket);
    const writer = createStarIndexWriter(held.store);
    const first = state(writer.apply({ pic: SHARD_3[0]!, row: row(SHARD_3[0]!) }));
    await held.reached(1);
    const second = state(writer.apply({ pic: SHARD_3[1]!, row: row(SHARD_3[1]!) }));
    const third = state(writer.apply({ pic: SHARD_3[2]!, row: row(SHARD_3[2]!) }));
    const other = state(writer.apply({ pic: SHARD_7, row: row(SHARD_7) }));
    await held.reached(2); // shard 7 is written beside shard 3's write in flight
    expect(held.writes.map((w) => [w.shard, w.pics])).toEqual([
      [3, [SHARD_3[0]]],
      [7, [SHARD_7]],
    ]);

    held.writes[0]!.release();
    await first.done;
    await held.reached(3);
    expect([first.settled, second.settled, third.settled]).toEqual(["stored", "pending", "pending"]);
    expect(held.writes[2]).toMatchObject({ shard: 3, pics: [...SHARD_3].sort() });
    held.writes[2]!.release();
    held.writes[1]!.release();
    await Promise.all([second.done, third.done, other.done]);
    expect([second.settled, third.settled, other.settled]).toEqual(["stored", "stored", "stored"]);
    expect(held.writes).toHaveLength(3);
    expect([...(await readStarIndexShard(bucket, 3)).rows.keys()].sort()).toEqual([...SHARD_3].sort());
  });

  it("resolves without a write when the change would not alter the shard", async () => {
    const held = heldWrites(bucket);
    const writer = createStarIndexWriter(held.store);
    const first = writer.apply({ pic: SHARD_3[0]!, row: row(SHARD_3[0]!) });
    await held.reached(1);
    held.writes[0]!.release();
    await first;
    await writer.apply({ pic: SHARD_3[0]!, row: row(SHARD_3[0]!) }); // the same row again
    await writer.apply({ pic: SHARD_3[1]!, remove: true }); // a star the shard does not hold
    expect(held.writes).toHaveLength(1);
  });

  it("rejects the changes a failed write held, and writes the shard's later changes", async () => {
    const held = heldWrites(bucket);
    const writer = createStarIndexWriter(held.store);
    held.failNext();
    const failed = state(writer.apply({ pic: SHARD_3[0]!, row: row(SHARD_3[0]!) }));
    await held.reached(1);
    const later = state(writer.apply({ pic: SHARD_3[1]!, row: row(SHARD_3[1]!) }));
    held.writes[0]!.release();
    await failed.done;
    await held.reached(2);
    expect(failed.settled).toBe(`disk full writing ${starIndexShardName(3)}`);
    expect(later.settled).toBe("pending");
    expect(held.writes[1]!.pics).toEqual([SHARD_3[1]]);
    held.writes[1]!.release();
    await later.done;
    expect(later.settled).toBe("stored");
    expect([...(await readStarIndexShard(bucket, 3)).rows.keys()]).toEqual([SHARD_3[1]]);
  });
});
