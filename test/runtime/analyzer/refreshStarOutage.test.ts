/**
 * refreshStar when reading the MLC fails for a reason that is not the star's (refreshStar.ts): a
 * bucket outage, or the MLC deleted between the look and the read. The run must fail (so that its
 * events are handed back and tried again) rather than mark the star as an analysis error in the
 * index, which would stand until the MLC changes again. In process with a filesystem bucket.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { refreshStar } from "../../../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../../../runtime/analyzer/starIndexWriter.js";
import { NotFoundError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { delegate } from "./storeWrappers.js";

const PIC = "PIC_J0326137+295015";
let dir: string;
let bucket: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-refresh-outage-"));
  bucket = openObjectStore(dir);
  await bucket.put(masterLightCurveName(PIC), Buffer.from('{"schema": 1}'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The bucket, whose reads of the MLC's contents fail with `error` (its stat still answers). */
function failingReads(error: (name: string) => Error): ObjectStore {
  const fail = (name: string) => (name.startsWith("MLC/") ? Promise.reject(error(name)) : undefined);
  return {
    ...delegate(bucket),
    get: (name) => fail(name) ?? bucket.get(name),
    getIfChanged: (name, generation) => fail(name) ?? bucket.getIfChanged(name, generation),
  };
}

describe("refreshStar when the MLC cannot be read for a reason not the star's", () => {
  it.each([
    ["the bucket is unavailable", (name: string) => new StoreUnavailableError(name, "503 Service Unavailable"), StoreUnavailableError],
    ["the MLC was deleted after the look", (name: string) => new NotFoundError(name), NotFoundError],
  ] as const)("fails the run when %s, and writes no error row", async (_case, error, type) => {
    const store = failingReads(error);
    await expect(refreshStar({ store, index: createStarIndexWriter(store) }, PIC)).rejects.toThrow(type);
    expect((await readStarIndexShard(bucket, shardOf(PIC))).rows.get(PIC)).toBeUndefined();
  });
});
