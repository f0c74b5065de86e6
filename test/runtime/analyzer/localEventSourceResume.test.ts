/**
 * The analyzer's local event source (localEventSource.ts), in process with a filesystem bucket:
 * its first scan is compared with the star index, so a restarted analyzer hears exactly the stars
 * whose index row is not finished at their MLC's generation (pending, behind, missing, or a row
 * whose MLC is gone); later scans hear rewritten MLCs; a nacked event comes again after the retry
 * delay, an acknowledged one does not, and stop() cancels the retries. Scans are observed through
 * the store (each lists MLC/ once), not timed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { indexedGenerations, localEventSource, listMasterLightCurves } from "../../../runtime/analyzer/localEventSource.js";
import type { StarEventSource } from "../../../runtime/analyzer/starEventSource.js";
import type { StarEvent } from "../../../runtime/analyzer/starScheduler.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStat, ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { indexRow, writeMlc, writeRow } from "../start/analysedBucket.js";
import { delegate } from "./storeWrappers.js";

const logger = createLogger({ service: "test", level: "silent" });
const [ANALYSED, FAILED, PENDING, BEHIND, UNINDEXED, GONE] = ["PIC_J01000000+100000", "PIC_J02000000+200000", "PIC_J03000000+300000", "PIC_J04000000+400000", "PIC_J05000000+500000", "PIC_J06000000+100000"];

let dir: string;
let bucket: ObjectStore;
let source: StarEventSource | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-local-events-"));
  bucket = openObjectStore(dir);
});

afterEach(async () => {
  await source?.stop();
  source = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** The bucket, with a promise for the start of the n-th further scan (so the scans before it have delivered). */
function scanned(base: ObjectStore) {
  let scans = 0;
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  const store: ObjectStore = {
    ...delegate(base),
    listAll(prefix?: string): AsyncIterable<ObjectStat> {
      if (prefix === "MLC/") {
        scans += 1;
        for (const waiter of waiters.filter((w) => scans >= w.count)) waiter.resolve();
        waiters = waiters.filter((w) => scans < w.count);
      }
      return base.listAll(prefix);
    },
  };
  return { store, scans: (more: number) => new Promise<void>((resolve) => waiters.push({ count: scans + more, resolve })) };
}

/** A bucket a restarted analyzer finds: one star of each kind. */
async function writeRestartBucket(): Promise<void> {
  await writeRow(bucket, indexRow(ANALYSED, "analysed", await writeMlc(bucket, ANALYSED)));
  await writeRow(bucket, indexRow(FAILED, "error", await writeMlc(bucket, FAILED)));
  await writeRow(bucket, indexRow(PENDING, "pending", await writeMlc(bucket, PENDING)));
  const old = await writeMlc(bucket, BEHIND);
  await writeRow(bucket, indexRow(BEHIND, "analysed", old));
  await writeMlc(bucket, BEHIND);
  await writeMlc(bucket, UNINDEXED);
  await writeRow(bucket, indexRow(GONE, "analysed", "12"));
  await bucket.put("MLC/notes.txt", Buffer.from("not an MLC"));
}

describe("localEventSource", () => {
  it("hears, on its first scan, exactly the stars whose index row is not finished at their MLC's generation", async () => {
    await writeRestartBucket();
    expect([...(await indexedGenerations(bucket)).keys()].sort()).toEqual([ANALYSED, FAILED, BEHIND, GONE].map(masterLightCurveName).sort());
    expect([...(await listMasterLightCurves(bucket)).keys()].sort()).toEqual([ANALYSED, FAILED, PENDING, BEHIND, UNINDEXED].map(masterLightCurveName).sort());

    const watched = scanned(bucket);
    const heard: string[] = [];
    source = localEventSource({ store: watched.store, logger, scanIntervalMs: 10 });
    const second = watched.scans(2);
    await source.start((event) => heard.push(event.pic));
    await second;
    expect(heard.sort()).toEqual([PENDING, BEHIND, UNINDEXED, GONE].sort());

    heard.length = 0;
    await writeMlc(bucket, ANALYSED);
    await watched.scans(2);
    expect(heard).toEqual([ANALYSED]);
  });

  it("delivers a nacked event again after the retry delay, not an acknowledged one, and stops retrying once stopped", async () => {
    await writeMlc(bucket, PENDING);
    await writeMlc(bucket, UNINDEXED);
    const heard: StarEvent[] = [];
    let onHeard: () => void = () => {};
    const next = (count: number) => new Promise<void>((resolve) => (onHeard = () => void (heard.length >= count && resolve())));
    source = localEventSource({ store: bucket, logger, scanIntervalMs: 60_000, retryDelayMs: 5 });
    const first = next(2);
    await source.start((event) => (heard.push(event), onHeard()));
    await first;
    const byPic = new Map(heard.map((event) => [event.pic, event]));
    const again = next(3);
    byPic.get(PENDING)!.nack();
    byPic.get(UNINDEXED)!.ack();
    await again;
    expect(heard.map((event) => event.pic)).toEqual([...[PENDING, UNINDEXED].sort(), PENDING]);

    source = localEventSource({ store: bucket, logger, scanIntervalMs: 60_000, retryDelayMs: 5 });
    const later: string[] = [];
    const events: StarEvent[] = [];
    await new Promise<void>((resolve) => void source!.start((event) => (events.push(event), later.push(event.pic), events.length === 2 && resolve())));
    events[0]!.nack();
    await source.stop();
    events[1]!.nack(); // after stop: no retry is even scheduled
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(later).toHaveLength(2);
  });
});
