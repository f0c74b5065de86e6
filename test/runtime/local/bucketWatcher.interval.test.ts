/**
 * The bucket watcher's own schedule, under fake timers: it scans once at start, then again every
 * `intervalMs` after the previous scan ended (not sooner, and 250 ms when not given), and stops
 * scanning once stopped. bucketWatcher.test.ts drives scans by hand with a long interval.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { DEFAULT_SCAN_INTERVAL_MS, watchBucket, type BucketChange } from "../../../runtime/local/bucketWatcher.js";

const logger = createLogger({ service: "test", level: "silent" });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A watcher over a listing the test sets, and what it reported. */
function watched(intervalMs: number | undefined) {
  let listing = new Map<string, string>();
  const seen: BucketChange[] = [];
  const watcher = watchBucket({ store: {} as ObjectStore, known: new Map(), onChange: (c) => seen.push(c), logger, list: async () => new Map(listing), intervalMs });
  return { watcher, seen, set: (entries: [string, string][]) => (listing = new Map(entries)) };
}

describe("watchBucket's schedule", () => {
  it("scans again intervalMs after the last scan, not before", async () => {
    const { watcher, seen, set } = watched(1_000);
    await vi.advanceTimersByTimeAsync(0);
    set([["LC/a.json", "1"]]);
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([{ eventType: "OBJECT_FINALIZE", object: "LC/a.json", generation: "1" }]);
    set([["LC/a.json", "2"]]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(seen.map((c) => c.generation)).toEqual(["1", "2"]);
    await watcher.stop();
  });

  it("scans every 250 ms when no interval is given", async () => {
    expect(DEFAULT_SCAN_INTERVAL_MS).toBe(250);
    const { watcher, seen, set } = watched(undefined);
    await vi.advanceTimersByTimeAsync(0);
    set([["LC/b.json", "7"]]);
    await vi.advanceTimersByTimeAsync(249);
    expect(seen).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toHaveLength(1);
    await watcher.stop();
  });

  it("scans no more once stopped", async () => {
    const { watcher, seen, set } = watched(1_000);
    await vi.advanceTimersByTimeAsync(0);
    await watcher.stop();
    set([["LC/c.json", "3"]]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([]);
  });
});
