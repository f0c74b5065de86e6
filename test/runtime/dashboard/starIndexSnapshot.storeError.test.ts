import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shardOf, updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { errorRow } from "../../../runtime/analysis/starIndexRow.js";
import { starIndexShardName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { createStarIndexReader } from "../../../runtime/dashboard/starIndexSnapshot.js";
import { delegate } from "../analyzer/storeWrappers.js";

// A shard the store fails to read (an outage, not a missing object) is reported by name with the
// store's error, and the table keeps the rows it last read from it; the other shards are unaffected.
describe("the star index snapshot when the store fails on one shard", () => {
  const [a, b] = ["PIC_J0000001+000000", "PIC_J0000002+000000"];
  let root: string;
  let fs: FsObjectStore;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-index-outage-"));
    fs = new FsObjectStore({ root });
    expect(shardOf(a)).not.toBe(shardOf(b));
    const at = new Date("2026-08-02T00:00:00Z");
    await updateStarIndex(fs, [a, b].map((pic) => ({ pic, row: errorRow(pic, "1", "a stand-in reason", at) })));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("names the shard and the error, and keeps that shard's last rows", async () => {
    const failing = starIndexShardName(shardOf(a));
    let outage = false;
    const refuse = (name: string) => {
      if (outage && name === failing) throw new Error("store unavailable (503)");
    };
    const base = delegate(fs);
    const store: ObjectStore = {
      ...base,
      get: async (name) => (refuse(name), base.get(name)),
      getIfChanged: async (name, generation) => (refuse(name), base.getIfChanged(name, generation)),
    };
    const reader = createStarIndexReader(store, { refreshMs: 0 });
    const before = await reader.snapshot();
    expect(before.rows.map((r) => r.pic)).toEqual([a, b]);
    expect(before.faults).toEqual([]);
    outage = true;
    const during = await reader.snapshot();
    expect(during.faults).toEqual([`${failing}: store unavailable (503)`]);
    expect(during.rows.map((r) => r.pic)).toEqual([a, b]);
  });
});
