/**
 * Which timers a piece of code set and cleared, told apart by their delays. Tests with fake timers
 * used to count every pending timer (vi.getTimerCount()); test files share their worker
 * (isolate: false), so a timer set meanwhile by another file's leftovers was counted too, and a
 * test failed in CI for it. Call after vi.useFakeTimers(), restore before vi.useRealTimers().
 */
import { vi } from "vitest";

export interface TimerLedger {
  /** The timers set with `delayMs` since the ledger opened, and how many of them were not cleared (pending, or fired). */
  of(delayMs: number): { set: number; uncleared: number };
  restore(): void;
}

export function openTimerLedger(): TimerLedger {
  const setCalls = vi.spyOn(globalThis, "setTimeout");
  const clearCalls = vi.spyOn(globalThis, "clearTimeout");
  return {
    of(delayMs) {
      const handles = setCalls.mock.calls.flatMap(([, delay], i) => (delay === delayMs ? [setCalls.mock.results[i]!.value as unknown] : []));
      const cleared = new Set(clearCalls.mock.calls.map(([handle]) => handle as unknown));
      return { set: handles.length, uncleared: handles.filter((handle) => !cleared.has(handle)).length };
    },
    restore() {
      setCalls.mockRestore();
      clearCalls.mockRestore();
    },
  };
}
