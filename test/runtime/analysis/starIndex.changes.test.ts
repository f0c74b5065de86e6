import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyStarIndexChanges, encodeStarIndexShard, parseStarIndexShard, readStarIndexShard, shardOf, updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { errorRow, type StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import { starIndexShardName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { storeWithMethod } from "./storeWithMethod.js";

// Which shard a star's row lives in, and how changes reach a shard: the shard is FNV-1a of the
// PIC (a stable hash every process and version agrees on: a star found in another shard than the
// one its writer used would be shown twice or not at all), and a change that alters nothing
// writes nothing.
const at = new Date("2016-07-27T00:00:00Z");
const row = (pic: string, generation = "1"): StarIndexRow => errorRow(pic, generation, "unreadable", at);
/** Two stars in shard 3 (FNV-1a 32-bit: 0x6ed2c123 and 0x0b26d5d3 mod 16, computed with Python). */
const SHARD_3 = ["PIC_J0326137+295015", "PIC_J0000022+000000"];

describe("shardOf", () => {
  it("is the 32-bit FNV-1a hash of the PIC modulo the shard count", () => {
    // FNV-1a test vectors (Fowler, Noll, Vo; draft-eastlake-fnv, "FNV-1a 32-bit"): "" → 0x811c9dc5,
    // "a" → 0xe40c292c, "foobar" → 0xbf9cf968. With 2^32 shards the modulo keeps the whole hash.
    expect(shardOf("", 2 ** 32)).toBe(0x811c9dc5);
    expect(shardOf("a", 2 ** 32)).toBe(0xe40c292c);
    expect(shardOf("foobar", 2 ** 32)).toBe(0xbf9cf968);
    expect(shardOf("a")).toBe(0xe40c292c % 16);
    expect(SHARD_3.map((pic) => shardOf(pic))).toEqual([3, 3]);
  });
});

describe("applyStarIndexChanges", () => {
  it("reports a change only when a row was added, replaced or removed", () => {
    const rows = new Map([[SHARD_3[0]!, row(SHARD_3[0]!)]]);
    expect(applyStarIndexChanges(rows, [{ pic: SHARD_3[1]!, remove: true }])).toBe(false);
    expect(applyStarIndexChanges(rows, [{ pic: SHARD_3[0]!, row: row(SHARD_3[0]!) }])).toBe(false);
    expect(applyStarIndexChanges(rows, [{ pic: SHARD_3[0]!, row: row(SHARD_3[0]!, "2") }, { pic: SHARD_3[1]!, remove: true }])).toBe(true);
    expect(rows.get(SHARD_3[0]!)?.mlcGeneration).toBe("2");
    expect(applyStarIndexChanges(rows, [{ pic: SHARD_3[0]!, remove: true }, { pic: SHARD_3[1]!, remove: true }])).toBe(true);
    expect(rows.size).toBe(0);
  });
});

describe("updateStarIndex and readStarIndexShard", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-star-index-changes-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reads a shard that was never written as empty, at generation 0 (create-only for the first write)", async () => {
    const store = new FsObjectStore({ root: path.join(root, "empty") });
    const shard = await readStarIndexShard(store, 7);
    expect(shard).toEqual({ shard: 7, generation: "0", rows: new Map() });
  });

  it("passes on a store failure that is not a missing shard", async () => {
    const store = new FsObjectStore({ root: path.join(root, "failing") });
    const failing = storeWithMethod(store, "get", () => Promise.reject(new StoreUnavailableError(starIndexShardName(7), "test outage")));
    await expect(readStarIndexShard(failing, 7)).rejects.toThrow(StoreUnavailableError);
  });

  it("applies every change to a shard, two stars of one shard included, and writes nothing for a replay", async () => {
    const store = new FsObjectStore({ root: path.join(root, "two") });
    await updateStarIndex(store, SHARD_3.map((pic) => ({ pic, row: row(pic) })));
    const first = await readStarIndexShard(store, 3);
    expect([...first.rows.keys()].sort()).toEqual([...SHARD_3].sort());
    await updateStarIndex(store, SHARD_3.map((pic) => ({ pic, row: row(pic) })));
    expect((await readStarIndexShard(store, 3)).generation).toBe(first.generation);
  });

  it("keeps a row's half-completeness depth through a shard file, and reads a row stored without one as null", () => {
    const withDepth = { ...row(SHARD_3[0]!), halfCompletenessDepth: { periodDays: 3, depth: 0.0012 } };
    const bytes = encodeStarIndexShard(3, [withDepth]);
    expect(parseStarIndexShard("index", bytes).get(SHARD_3[0]!)?.halfCompletenessDepth).toEqual({ periodDays: 3, depth: 0.0012 });
    const { halfCompletenessDepth: _dropped, ...older } = withDepth;
    const olderBytes = Buffer.from(JSON.stringify({ schema: 1, shard: 3, shards: 16, rows: [older] }));
    expect(parseStarIndexShard("index", olderBytes).get(SHARD_3[0]!)?.halfCompletenessDepth).toBeNull();
  });
});
