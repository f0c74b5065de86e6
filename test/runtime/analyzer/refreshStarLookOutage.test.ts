/**
 * refreshStar when its first look at the MLC (a stat) fails (refreshStar.ts): only "not found"
 * means the star's MLC is gone and its index row goes; a bucket outage must fail the run, so its
 * events are tried again, and leave the star's row as it is.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { refreshStar } from "../../../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../../../runtime/analyzer/starIndexWriter.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { indexRow, writeMlc, writeRow } from "../start/analysedBucket.js";
import { delegate } from "./storeWrappers.js";

const PIC = "PIC_J0326137+295015";
let dir: string;
let bucket: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-refresh-look-"));
  bucket = openObjectStore(dir);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("refreshStar when it cannot look at the MLC", () => {
  it("fails the run on a bucket outage and keeps the star's index row", async () => {
    const generation = await writeMlc(bucket, PIC);
    await writeRow(bucket, indexRow(PIC, "analysed", generation));
    const before = (await readStarIndexShard(bucket, shardOf(PIC))).rows.get(PIC);
    expect(before?.status).toBe("analysed");
    const store: ObjectStore = {
      ...delegate(bucket),
      stat: (name) => (name.startsWith("MLC/") ? Promise.reject(new StoreUnavailableError(name, "503 Service Unavailable")) : bucket.stat(name)),
    };
    await expect(refreshStar({ store, index: createStarIndexWriter(store) }, PIC)).rejects.toThrow(StoreUnavailableError);
    expect((await readStarIndexShard(bucket, shardOf(PIC))).rows.get(PIC)).toEqual(before);
  });

  it("removes the star's row when its MLC is gone", async () => {
    await expect(refreshStar({ store: bucket, index: createStarIndexWriter(bucket) }, PIC)).resolves.toEqual({ pic: PIC, status: "removed" });
  });
});
