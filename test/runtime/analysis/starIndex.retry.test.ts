import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStarIndexShard, updateStarIndexShard } from "../../../runtime/analysis/starIndex.js";
import { errorRow, type StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";
import { PreconditionFailedError } from "../../../runtime/core/errors.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";

// A shard update is a compare-and-swap on the shard's generation: a writer that loses the race
// (another replica wrote the shard between its read and its put) reads again and retries, up to
// maxAttempts; any other failure of the put is not a race and is not retried.
const at = new Date("2016-07-27T00:00:00Z");
const row = (pic: string): StarIndexRow => errorRow(pic, "1", "unreadable", at);
const retry = { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 3 };
const addRow = (pic: string) => (rows: Map<string, StarIndexRow>) => new Map(rows).set(pic, row(pic));

/** `store` whose first put runs `before` first (deterministically, inside the race window). */
function withFirstPut(store: ObjectStore, before: () => Promise<void>): ObjectStore {
  let first = true;
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key !== "put") return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return async (...args: Parameters<ObjectStore["put"]>) => {
        if (first) {
          first = false;
          await before();
        }
        return target.put(...args);
      };
    },
  });
}

describe("updateStarIndexShard under a concurrent writer", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-star-index-retry-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("re-reads and retries when another writer changed the shard, keeping both writers' rows", async () => {
    const store = new FsObjectStore({ root: path.join(root, "race") });
    const racing = withFirstPut(store, () => updateStarIndexShard(store, 4, addRow("PIC_J0326137+295015"), { retry }));
    await updateStarIndexShard(racing, 4, addRow("PIC_J2000437+224239"), { retry });
    expect([...(await readStarIndexShard(store, 4)).rows.keys()]).toEqual(["PIC_J0326137+295015", "PIC_J2000437+224239"]);
  });

  it("gives up with the precondition failure after maxAttempts lost races", async () => {
    const store = new FsObjectStore({ root: path.join(root, "lost") });
    const racing = withFirstPut(store, () => updateStarIndexShard(store, 4, addRow("PIC_J0326137+295015"), { retry }));
    await expect(updateStarIndexShard(racing, 4, addRow("PIC_J2000437+224239"), { retry: { ...retry, maxAttempts: 1 } })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it("does not retry a failure that is not a lost race", async () => {
    const store = new FsObjectStore({ root: path.join(root, "broken") });
    const failing = withFirstPut(store, () => Promise.reject(new Error("disk full")));
    await expect(updateStarIndexShard(failing, 4, addRow("PIC_J2000437+224239"), { retry })).rejects.toThrow("disk full");
    expect((await readStarIndexShard(store, 4)).rows.size).toBe(0);
  });
});
