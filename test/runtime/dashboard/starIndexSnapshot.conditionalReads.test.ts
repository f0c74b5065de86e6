import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardOf, STAR_INDEX_SHARDS, updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { errorRow } from "../../../runtime/analysis/starIndexRow.js";
import { starIndexShardName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { createStarIndexReader } from "../../../runtime/dashboard/starIndexSnapshot.js";
import { delegate } from "../analyzer/storeWrappers.js";

// What the star table costs the bucket (starIndexSnapshot.ts): each shard read once, then at most
// once per refresh interval a conditional read per shard that moves no bytes while it is unchanged;
// a shard whose read fails is read in full again and, until then, adds no rows of its own. The
// clock is the reader's `now` option, so the interval is crossed without waiting.
describe("the star index reader's store traffic", () => {
  const [a, b] = ["PIC_J0000001+000000", "PIC_J0000002+000000"];
  let root: string;
  let fs: FsObjectStore;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-index-reads-"));
    fs = new FsObjectStore({ root });
    expect(shardOf(a)).not.toBe(shardOf(b));
    const at = new Date("2026-08-02T00:00:00Z");
    await updateStarIndex(fs, [a, b].map((pic) => ({ pic, row: errorRow(pic, "1", "a stand-in reason", at) })));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  /** The bucket, counting full and conditional reads, failing reads of `failing` while it is set. */
  function countingStore() {
    const calls = { get: [] as string[], getIfChanged: [] as string[] };
    const state = { failing: undefined as string | undefined };
    const refuse = (name: string) => {
      if (name === state.failing) throw new Error("store unavailable (503)");
    };
    const base = delegate(fs);
    const store: ObjectStore = {
      ...base,
      get: async (name) => (calls.get.push(name), refuse(name), base.get(name)),
      getIfChanged: async (name, generation) => (calls.getIfChanged.push(name), refuse(name), base.getIfChanged(name, generation)),
    };
    return { store, calls, state };
  }

  it("checks every shard conditionally once per interval, and not at all within it", async () => {
    const { store, calls } = countingStore();
    let nowMs = 50_000;
    const reader = createStarIndexReader(store, { refreshMs: 1000, now: () => nowMs });
    const first = await reader.snapshot();
    expect(first.rows.map((r) => r.pic)).toEqual([a, b]);
    expect([calls.get.length, calls.getIfChanged.length]).toEqual([STAR_INDEX_SHARDS, 0]);
    nowMs += 999;
    expect(await reader.snapshot()).toBe(first);
    expect([calls.get.length, calls.getIfChanged.length]).toEqual([STAR_INDEX_SHARDS, 0]);
    nowMs += 1;
    expect((await reader.snapshot()).rows.map((r) => r.pic)).toEqual([a, b]);
    expect([calls.get.length, calls.getIfChanged.length]).toEqual([STAR_INDEX_SHARDS, STAR_INDEX_SHARDS]);
  });

  it("reports a shard whose first read fails, adds none of its rows, and reads it in full once the store is back", async () => {
    const { store, calls, state } = countingStore();
    const failing = starIndexShardName(shardOf(a));
    state.failing = failing;
    const reader = createStarIndexReader(store, { refreshMs: 0 });
    const during = await reader.snapshot();
    expect(during.rows.map((r) => r.pic)).toEqual([b]);
    expect(during.faults).toEqual([`${failing}: store unavailable (503)`]);
    state.failing = undefined;
    calls.get.length = 0;
    const after = await reader.snapshot();
    expect(after.rows.map((r) => r.pic)).toEqual([a, b]);
    expect(after.faults).toEqual([]);
    expect(calls.get).toEqual([failing]);
  });
});
