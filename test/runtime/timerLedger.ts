/**
 * Which timers a piece of code set and cleared, told apart by their delays. Tests with fake timers
 * used to count every pending timer (vi.getTimerCount()); test files share their worker
 * (isolate: false), so a timer set meanwhile by another file's leftovers was counted too, and a
 * test failed in CI for it. Call after vi.useFakeTimers(), restore before vi.useRealTimers().
 *
 * The timers are wrapped by hand, not with vi.spyOn: a later vi.restoreAllMocks() (in another
 * file's afterEach) restores every spy ever made, even one restored already, which would put the
 * fake setTimeout of this ledger's day back on globalThis and stop every later timer in the worker.
 */
export interface TimerLedger {
  /** The timers set with `delayMs` since the ledger opened, and how many of them were not cleared (pending, or fired). */
  of(delayMs: number): { set: number; uncleared: number };
  restore(): void;
}

export function openTimerLedger(): TimerLedger {
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  const setTimers: Array<{ delay: number | undefined; handle: unknown }> = [];
  const cleared = new Set<unknown>();
  globalThis.setTimeout = ((callback: (...args: unknown[]) => void, delay?: number, ...args: unknown[]) => {
    const handle = set(callback, delay, ...args);
    setTimers.push({ delay, handle });
    return handle;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((handle?: Parameters<typeof clearTimeout>[0]) => {
    cleared.add(handle);
    clear(handle);
  }) as typeof clearTimeout;
  return {
    of(delayMs) {
      const handles = setTimers.filter(({ delay }) => delay === delayMs).map(({ handle }) => handle);
      return { set: handles.length, uncleared: handles.filter((handle) => !cleared.has(handle)).length };
    },
    restore() {
      globalThis.setTimeout = set;
      globalThis.clearTimeout = clear;
    },
  };
}
