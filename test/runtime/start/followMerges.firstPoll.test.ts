/**
 * followMerges compares each poll with the snapshot taken when following began: a star analysed
 * again between that snapshot and the first poll is reported by the first poll, not taken as
 * already seen. The first poll is held at a gate (in the store's read of the index's shard 0,
 * with which every read of the analysis progress begins) while the star is re-analysed; not timed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { catalogStarOf } from "../../../runtime/core/catalog.js";
import { starIndexShardName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore, StoredObject } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { followMerges, type Following } from "../../../runtime/start/followMerges.js";
import { writeAnalysedStar } from "./analysedBucket.js";

const VEGA = catalogStarOf("vega")!.pic;

let dir: string;
let following: Following | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-follow-first-"));
});

afterEach(async () => {
  await following?.stop();
  following = undefined;
  await rm(dir, { recursive: true, force: true });
});

it("reports, at the first poll, a star analysed again after following began", async () => {
  const bucket = openObjectStore(path.join(dir, "bucket"));
  await writeAnalysedStar(bucket, VEGA);
  // Reads of shard 0 by number: 1 is the snapshot, 2 the first poll (held until released), 3 the second poll.
  let reads = 0;
  let firstPollStarted!: () => void;
  const firstPoll = new Promise<void>((resolve) => (firstPollStarted = resolve));
  let releaseFirstPoll!: () => void;
  const gate = new Promise<void>((resolve) => (releaseFirstPoll = resolve));
  let secondPollStarted!: () => void;
  const secondPoll = new Promise<void>((resolve) => (secondPollStarted = resolve));
  const watched: ObjectStore = Object.create(bucket, {
    get: {
      value: async (name: string, ...rest: unknown[]): Promise<StoredObject> => {
        if (name === starIndexShardName(0)) {
          reads += 1;
          if (reads === 2) {
            firstPollStarted();
            await gate;
          }
          if (reads === 3) secondPollStarted();
        }
        return (bucket.get as (...args: unknown[]) => Promise<StoredObject>)(name, ...rest);
      },
    },
  });
  const lines: string[] = [];
  following = followMerges(watched, path.join(dir, "plots"), (line) => lines.push(line), 5);

  await firstPoll;
  await writeAnalysedStar(bucket, VEGA);
  releaseFirstPoll();
  await secondPoll;
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(`merged new data into ${VEGA} (Vega); 4 plots refreshed in`);
});
