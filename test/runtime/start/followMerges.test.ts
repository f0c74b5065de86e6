/**
 * While `piaa start` serves (followMerges.ts): a line per star the analyzer brought to a new MLC
 * generation, with its plots copied; nothing for stars already current when following began, nor
 * for pending or failed rows; a failed poll is reported and following goes on; stop() waits for a
 * poll in progress and reports nothing found after it. Polls are observed through the store (each
 * begins by reading the index's first shard) and held at a gate where a test needs one in progress, not timed.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { starIndexShardName } from "../../../runtime/core/objectNames.js";
import { catalogStarOf } from "../../../runtime/core/catalog.js";
import type { ObjectStore, StoredObject } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { followMerges, type Following } from "../../../runtime/start/followMerges.js";
import { indexRow, plotBytes, writeAnalysedStar, writeMlc, writeRow } from "./analysedBucket.js";

const VEGA = catalogStarOf("vega")!.pic;
const UNNAMED = "PIC_J01000000+100000";
const FAILING = "PIC_J11000000+100000";
const POLL_MS = 5;

let dir: string;
let plotsDir: string;
let bucket: ObjectStore;
let following: Following | undefined;

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The bucket, counting the polls (each begins by reading the index's shard 0) and able to hold the next one. */
function watchedStore(store: ObjectStore) {
  let polls = 0;
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  let gate: Promise<void> | undefined;
  const watched: ObjectStore = Object.create(store, {
    get: {
      value: async (name: string, ...rest: unknown[]): Promise<StoredObject> => {
        if (name === starIndexShardName(0)) {
          polls += 1;
          for (const waiter of waiters.filter((w) => polls >= w.count)) waiter.resolve();
          waiters = waiters.filter((w) => polls < w.count);
          await gate;
        }
        return (store.get as (...args: unknown[]) => Promise<StoredObject>)(name, ...rest);
      },
    },
  });
  return {
    store: watched,
    /** Resolves once `more` further polls have started (so every poll before them has finished). */
    polls: (more: number) => new Promise<void>((resolve) => waiters.push({ count: polls + more, resolve })),
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-follow-"));
  plotsDir = path.join(dir, "plots");
  bucket = openObjectStore(path.join(dir, "bucket"));
});

afterEach(async () => {
  await following?.stop();
  following = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("followMerges", () => {
  it("reports each star analysed at a new MLC generation once, with its plots copied, and not the stars already current", async () => {
    const first = await writeAnalysedStar(bucket, VEGA);
    const watched = watchedStore(bucket);
    const lines: string[] = [];
    following = followMerges(watched.store, plotsDir, (line) => lines.push(line), POLL_MS);
    await watched.polls(2); // the snapshot taken when following began, and one poll after it
    expect(lines).toEqual([]);

    const second = await writeAnalysedStar(bucket, VEGA);
    expect(second).not.toBe(first);
    await writeAnalysedStar(bucket, UNNAMED);
    await writeRow(bucket, indexRow(FAILING, "error", await writeMlc(bucket, FAILING)));
    await watched.polls(3);

    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^\\d\\d:\\d\\d:\\d\\d merged new data into ${escaped(VEGA)} \\(Vega\\); 4 plots refreshed in ${escaped(plotsDir)}$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`merged new data into ${escaped(UNNAMED)}; 4 plots`)));
    expect(await readFile(path.join(plotsDir, `${VEGA}.folded.svg`), "utf8")).toBe(plotBytes(VEGA, second, "folded", "svg"));
    expect((await readdir(plotsDir)).filter((file) => file.startsWith(FAILING))).toEqual([]);
  });

  it("reports a poll that fails and goes on following", async () => {
    await writeAnalysedStar(bucket, VEGA);
    const watched = watchedStore(bucket);
    const lines: string[] = [];
    following = followMerges(watched.store, plotsDir, (line) => lines.push(line), POLL_MS);
    await watched.polls(1);
    await bucket.put(starIndexShardName(0), Buffer.from("{not json"));
    await watched.polls(2);
    expect(lines[0]).toMatch(new RegExp(`^piaa: could not follow the bucket: invalid document ${escaped(starIndexShardName(0))}: `));

    await bucket.delete(starIndexShardName(0));
    await writeAnalysedStar(bucket, VEGA);
    await watched.polls(2);
    expect(lines.at(-1)).toMatch(`merged new data into ${VEGA} (Vega)`);
  });

  it("stop() waits for the poll in progress, which then reports nothing, and no poll follows", async () => {
    await writeAnalysedStar(bucket, VEGA);
    const watched = watchedStore(bucket);
    const lines: string[] = [];
    following = followMerges(watched.store, plotsDir, (line) => lines.push(line), POLL_MS);
    await watched.polls(1);
    const release = watched.hold();
    await watched.polls(1); // a poll is now waiting at the gate
    await writeAnalysedStar(bucket, VEGA);
    let stopped = false;
    const stopping = following.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    const morePolls = watched.polls(1);
    const timeout = new Promise((resolve) => setTimeout(() => resolve("no poll"), 20 * POLL_MS));
    expect(await Promise.race([morePolls.then(() => "polled"), timeout])).toBe("no poll");
    expect(lines).toEqual([]);
  });
});
