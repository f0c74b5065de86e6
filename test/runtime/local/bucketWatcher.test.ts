import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { diffGenerations, watchBucket, type BucketChange } from "../../../runtime/local/bucketWatcher.js";
import { testObjectName, testSegmentBytes } from "../core/testSegments.js";

const A = testObjectName(1);
const B = testObjectName(2);
const C = testObjectName(3);

describe("diffGenerations", () => {
  it.each([
    ["nothing changed", [[A, "1"]], [[A, "1"]], []],
    ["a new object", [], [[A, "5"]], [{ eventType: "OBJECT_FINALIZE", object: A, generation: "5" }]],
    ["a rewrite", [[A, "1"]], [[A, "2"]], [{ eventType: "OBJECT_FINALIZE", object: A, generation: "2" }]],
    ["a delete", [[A, "1"]], [], [{ eventType: "OBJECT_DELETE", object: A, generation: "1" }]],
    [
      "all at once, in name order",
      [[C, "3"], [B, "1"]],
      [[B, "2"], [A, "1"]],
      [
        { eventType: "OBJECT_FINALIZE", object: A, generation: "1" },
        { eventType: "OBJECT_FINALIZE", object: B, generation: "2" },
        { eventType: "OBJECT_DELETE", object: C, generation: "3" },
      ],
    ],
  ] as Array<[string, Array<[string, string]>, Array<[string, string]>, BucketChange[]]>)("%s", (_case, known, current, expected) => {
    expect(diffGenerations(new Map(known), new Map(current))).toEqual(expected);
  });
});

describe("watchBucket", () => {
  let dir: string;
  let store: ObjectStore;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "piaa-watch-"));
    store = openObjectStore(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reports what is not yet merged, then each write and delete by another writer, and nothing twice", async () => {
    const bytes = Buffer.from(testSegmentBytes([{ offsetS: 60, seed: 1 }]));
    const merged = await store.put(A, bytes);
    const unmerged = await store.put(B, bytes);
    await store.put("PSC/PAN001/123456/2016-07-02T09:18:28.837000/PIC_J0326137+295015.fits", Buffer.from("not watched"));
    await store.put("LC/README.txt", Buffer.from("not a segment"));
    const seen: BucketChange[] = [];
    // A long interval: the test drives the scans itself.
    const watcher = watchBucket({ store, known: new Map([[A, merged.generation]]), onChange: (c) => seen.push(c), logger: createLogger({ service: "test", level: "silent" }), intervalMs: 60_000 });
    try {
      await watcher.scan();
      expect(seen).toEqual([{ eventType: "OBJECT_FINALIZE", object: B, generation: unmerged.generation }]);
      const rewritten = await store.put(A, bytes);
      const created = await store.put(C, bytes);
      await store.delete(B);
      seen.length = 0;
      await watcher.scan();
      await watcher.scan();
      expect(seen).toEqual([
        { eventType: "OBJECT_FINALIZE", object: A, generation: rewritten.generation },
        { eventType: "OBJECT_DELETE", object: B, generation: unmerged.generation },
        { eventType: "OBJECT_FINALIZE", object: C, generation: created.generation },
      ]);
    } finally {
      await watcher.stop();
    }
  });
});
