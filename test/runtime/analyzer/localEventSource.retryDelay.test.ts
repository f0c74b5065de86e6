/**
 * A nacked event of the local event source comes again after the configured retry delay, and after
 * DEFAULT_RETRY_DELAY_MS when none is configured: not sooner, not later. The retry timers run on
 * fake timers (installed after the first scan, removed before stop), so the delay is observed
 * exactly, without waiting for it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_RETRY_DELAY_MS, localEventSource } from "../../../runtime/analyzer/localEventSource.js";
import type { StarEventSource } from "../../../runtime/analyzer/starEventSource.js";
import type { StarEvent } from "../../../runtime/analyzer/starScheduler.js";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { writeMlc } from "../start/analysedBucket.js";

const logger = createLogger({ service: "test", level: "silent" });
const PIC = "PIC_J03000000+300000";

let dir: string;
let bucket: ObjectStore;
let source: StarEventSource | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-local-retry-"));
  bucket = openObjectStore(dir);
  await writeMlc(bucket, PIC);
});

afterEach(async () => {
  vi.useRealTimers();
  await source?.stop();
  source = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** Starts a source with `retryDelayMs`, nacks the first event on fake timers; the events heard so far. */
async function nackFirst(retryDelayMs: number | undefined): Promise<StarEvent[]> {
  const heard: StarEvent[] = [];
  source = localEventSource({ store: bucket, logger, scanIntervalMs: 60_000, retryDelayMs });
  await new Promise<void>((resolve) => void source!.start((event) => (heard.push(event), resolve())));
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  heard[0]!.nack();
  return heard;
}

describe("localEventSource's retry delay", () => {
  it.each([
    ["the configured delay", 40, 40],
    ["DEFAULT_RETRY_DELAY_MS when none is configured", undefined, DEFAULT_RETRY_DELAY_MS],
  ])("delivers a nacked event again after %s", async (_what, configured, expectedMs) => {
    const heard = await nackFirst(configured);
    vi.advanceTimersByTime(expectedMs - 1);
    expect(heard).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(heard.map((event) => event.pic)).toEqual([PIC, PIC]);
  });
});
