/**
 * A watcher stopped while a scan is in flight (`piaa start` stops the pipeline whenever Ctrl-C
 * comes, often mid-scan) scans no more: the scan's end must not schedule the next one.
 * bucketWatcher.interval.test.ts stops it between scans. Fake timers; the listing is held at a gate.
 */
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { watchBucket } from "../../../runtime/local/bucketWatcher.js";
import { openTimerLedger, type TimerLedger } from "../timerLedger.js";

let timers: TimerLedger;
beforeEach(() => {
  vi.useFakeTimers();
  timers = openTimerLedger();
});
afterEach(() => {
  timers.restore();
  vi.useRealTimers();
});

it("scans no more when stopped during a scan", async () => {
  let listings = 0;
  let release: () => void = () => {};
  const watcher = watchBucket({
    store: {} as ObjectStore,
    known: new Map(),
    onChange: () => {},
    logger: createLogger({ service: "test", level: "silent" }),
    list: async () => {
      listings++;
      if (listings === 1) await new Promise<void>((resolve) => (release = resolve));
      return new Map();
    },
    intervalMs: 1_000,
  });
  await vi.advanceTimersByTimeAsync(0);
  expect(listings).toBe(1);
  const stopped = watcher.stop();
  release();
  await stopped;
  await vi.advanceTimersByTimeAsync(10_000);
  expect(listings).toBe(1);
  expect(timers.of(1_000).set).toBe(0); // no next scan was scheduled
});
