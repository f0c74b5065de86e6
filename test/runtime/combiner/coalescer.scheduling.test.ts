/**
 * The coalescer's two promises about one star's batches, where the timing is forced: the next
 * batch never starts while one is in flight, even with a zero window and changes arriving in the
 * same tick; and a timer that fires before the window has passed on the clock the coalescer
 * reads (Node's timers count from the event loop's cached clock, which lags a busy iteration)
 * does not start the batch early, and waits out the rest on a timer, not by spinning. Also:
 * drain() waits for a batch in flight.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createCoalescer } from "../../../runtime/combiner/coalescer.js";

/** applyBatch that answers each change with itself once the test releases the batch. */
function heldBatches() {
  const calls: { key: string; changes: number[]; release: () => void }[] = [];
  return {
    calls,
    applyBatch: (key: string, changes: number[]) =>
      new Promise<number[]>((resolve) => {
        calls.push({ key, changes: [...changes], release: () => resolve(changes) });
      }),
  };
}

/** Lets every pending immediate and promise callback run, a few turns of the event loop deep. */
async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("createCoalescer, one star's batches", () => {
  it("holds a star's next batch until the one in flight is answered, even with a zero window", async () => {
    const batches = heldBatches();
    const queue = createCoalescer({ windowMs: 0, maxPending: 10, retryAfterS: 1, applyBatch: batches.applyBatch });
    const first = [queue.submit("star", 1), queue.submit("star", 2)];
    await turns();
    expect(batches.calls.map((c) => c.changes)).toEqual([[1, 2]]);
    const later = queue.submit("star", 3);
    await turns();
    expect(batches.calls).toHaveLength(1);
    batches.calls[0]!.release();
    await expect(Promise.all(first)).resolves.toEqual([1, 2]);
    await turns();
    expect(batches.calls.map((c) => c.changes)).toEqual([[1, 2], [3]]);
    batches.calls[1]!.release();
    await expect(later).resolves.toBe(3);
  });

  it("drain() resolves only once the batch in flight is answered", async () => {
    const batches = heldBatches();
    const queue = createCoalescer({ windowMs: 0, maxPending: 10, retryAfterS: 1, applyBatch: batches.applyBatch });
    const accepted = queue.submit("star", 1);
    await turns();
    let drained = false;
    const draining = queue.drain().then(() => (drained = true));
    await turns();
    expect(drained).toBe(false);
    batches.calls[0]!.release();
    await draining;
    await expect(accepted).resolves.toBe(1);
    expect(queue.pending).toBe(0);
  });

  it("does not start the next batch when its timer fires before the window has passed on the coalescer's clock", async () => {
    const clock = { ms: 1_000 };
    const now = vi.spyOn(performance, "now").mockImplementation(() => clock.ms);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setImmediate"] });
    const batches = heldBatches();
    const queue = createCoalescer({ windowMs: 100, maxPending: 10, retryAfterS: 1, applyBatch: batches.applyBatch });
    const first = queue.submit("star", 1);
    await vi.advanceTimersByTimeAsync(0);
    expect(batches.calls).toHaveLength(1); // an idle star's batch starts at once (at 1000 ms)
    batches.calls[0]!.release();
    await first;
    const second = queue.submit("star", 2);

    // The 100-ms timer fires while the clock the coalescer reads says only 60 ms have passed.
    const readsBefore = now.mock.calls.length;
    clock.ms = 1_060;
    await vi.advanceTimersByTimeAsync(100);
    expect(batches.calls).toHaveLength(1);
    // It sleeps on a timer rather than spinning on the event loop: a few clock reads, not thousands.
    expect(now.mock.calls.length - readsBefore).toBeLessThan(10);
    // It waits out the remaining 40 ms, and not a millisecond less.
    clock.ms = 1_099;
    await vi.advanceTimersByTimeAsync(39);
    expect(batches.calls).toHaveLength(1);
    clock.ms = 1_100;
    await vi.advanceTimersByTimeAsync(1);
    expect(batches.calls.map((c) => c.changes)).toEqual([[1], [2]]);
    batches.calls[1]!.release();
    await expect(second).resolves.toBe(2);
  });
});
