/**
 * The timer ledger (timerLedger.ts) leaves the worker's timers as it found them, even after another
 * file's vi.restoreAllMocks(): with vi.spyOn-based recording, that call put the fake setTimeout back
 * and every later timer in the worker never fired (six tests timed out in CI).
 */
import { expect, it, vi } from "vitest";
import { openTimerLedger } from "./timerLedger.js";

const realSetTimeout = globalThis.setTimeout;

it("records timers by delay and leaves the real timers in place, whatever restores mocks later", async () => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  const timers = openTimerLedger();
  try {
    const kept = setTimeout(() => undefined, 250);
    clearTimeout(setTimeout(() => undefined, 250));
    setTimeout(() => undefined, 1000);
    expect(timers.of(250)).toEqual({ set: 2, uncleared: 1 });
    expect(timers.of(1000)).toEqual({ set: 1, uncleared: 1 });
    clearTimeout(kept);
  } finally {
    timers.restore();
    vi.useRealTimers();
  }
  vi.restoreAllMocks();
  expect(globalThis.setTimeout).toBe(realSetTimeout);
  await new Promise((resolve) => setTimeout(resolve, 1));
});
