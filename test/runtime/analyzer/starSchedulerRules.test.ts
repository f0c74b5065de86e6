/**
 * The analyzer's per-star debounce (starScheduler.ts) on its own, with fake timers and runs the
 * test finishes by hand: the interval counted from start to start, one run of a star at a time,
 * the concurrency bound in arrival order, what happens to the events of finished, failed and
 * superseded runs, idle(), backlog and stop().
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStarScheduler, type RunEnd, type RunTiming, type StarEvent } from "../../../runtime/analyzer/starScheduler.js";

const INTERVAL_MS = 1000;

interface Run {
  pic: string;
  timing: RunTiming;
  /** Times a later event for the star was heard while this run was in progress. */
  later: number;
  finish(end?: RunEnd): void;
  fail(error: Error): void;
}

function harness(concurrency = 4) {
  const runs: Run[] = [];
  const errors: Array<[string, unknown]> = [];
  const log: string[] = [];
  const scheduler = createStarScheduler({
    intervalMs: INTERVAL_MS,
    concurrency,
    now: () => Date.now(),
    onError: (pic, error) => void errors.push([pic, error]),
    run: (pic, timing, laterEvents) =>
      new Promise<RunEnd>((resolve, reject) => {
        const run: Run = { pic, timing, later: 0, finish: (end = "finished") => resolve(end), fail: reject };
        runs.push(run);
        // As refreshStar does, after its first read: the event that started the run is not a later one.
        void Promise.resolve().then(() => laterEvents(() => (run.later += 1)));
      }),
  });
  const event = (pic: string, name: string): StarEvent => ({ pic, ack: () => void log.push(`ack ${name}`), nack: () => void log.push(`nack ${name}`) });
  return { scheduler, runs, errors, log, event };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("createStarScheduler", () => {
  it("starts a star's first run at once and the next no sooner than the interval after the previous start", async () => {
    const { scheduler, runs, log, event } = harness();
    scheduler.notify(event("A", "a1"));
    expect(runs.map((r) => [r.pic, r.timing])).toEqual([["A", { heardMs: 0, dueMs: 0, startMs: 0 }]]);
    await vi.advanceTimersByTimeAsync(300);
    runs[0]!.finish();
    await settle();
    expect(log).toEqual(["ack a1"]);

    scheduler.notify(event("A", "a2"));
    await vi.advanceTimersByTimeAsync(INTERVAL_MS - 300 - 1);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.map((r) => r.timing)).toEqual([
      { heardMs: 0, dueMs: 0, startMs: 0 },
      { heardMs: 300, dueMs: INTERVAL_MS, startMs: INTERVAL_MS },
    ]);
  });

  it("runs a star once for the events that arrive while it waits, and acknowledges them all after that run", async () => {
    const { scheduler, runs, log, event } = harness();
    scheduler.notify(event("A", "a1"));
    runs[0]!.finish();
    await settle();
    scheduler.notify(event("A", "a2"));
    await vi.advanceTimersByTimeAsync(100);
    scheduler.notify(event("A", "a3"));
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(runs).toHaveLength(2);
    expect(runs[1]!.timing.heardMs).toBe(100);
    runs[1]!.finish();
    await settle();
    expect(log).toEqual(["ack a1", "ack a2", "ack a3"]);
  });

  it("never runs a star twice at once: an event during a run tells the run and asks for another one after it", async () => {
    const { scheduler, runs, log, event } = harness();
    scheduler.notify(event("A", "a1"));
    await vi.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    scheduler.notify(event("A", "a2"));
    await vi.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.later).toBe(1);
    runs[0]!.finish();
    await settle();
    expect(log).toEqual(["ack a1"]);
    expect(runs).toHaveLength(2); // the interval since the first start is long up
    expect(runs[1]!.later).toBe(0);
    runs[1]!.finish();
    await settle();
    expect(log).toEqual(["ack a1", "ack a2"]);
  });

  it("runs at most `concurrency` stars at once, the others in the order they became due", async () => {
    const { scheduler, runs, event } = harness(2);
    for (const pic of ["A", "B", "C", "D"]) {
      scheduler.notify(event(pic, pic));
      await vi.advanceTimersByTimeAsync(10);
    }
    expect(runs.map((r) => r.pic)).toEqual(["A", "B"]);
    expect(scheduler.backlog).toBe(4);
    runs[1]!.finish();
    await settle();
    expect(runs.map((r) => r.pic)).toEqual(["A", "B", "C"]);
    expect(runs[2]!.timing).toEqual({ heardMs: 20, dueMs: 20, startMs: 40 });
    runs[0]!.finish();
    await settle();
    expect(runs.map((r) => r.pic)).toEqual(["A", "B", "C", "D"]);
    expect(scheduler.backlog).toBe(2);
  });

  it("queues a star waiting for a slot once, however many of its events arrive meanwhile", async () => {
    const { scheduler, runs, log, event } = harness(1);
    scheduler.notify(event("A", "a1")); // takes the only slot
    scheduler.notify(event("B", "b1")); // due, waits for the slot
    scheduler.notify(event("B", "b2"));
    runs[0]!.finish();
    await settle();
    runs[1]!.finish();
    await settle();
    await vi.advanceTimersByTimeAsync(2 * INTERVAL_MS);
    expect(runs.map((r) => r.pic)).toEqual(["A", "B"]);
    expect(log).toEqual(["ack a1", "ack b1", "ack b2"]);
  });

  it("hands a failed run's events back and tells onError; a later event runs the star again", async () => {
    const { scheduler, runs, errors, log, event } = harness();
    scheduler.notify(event("A", "a1"));
    const failure = new Error("bucket unavailable");
    runs[0]!.fail(failure);
    await settle();
    expect(log).toEqual(["nack a1"]);
    expect(errors).toEqual([["A", failure]]);
    expect(scheduler.backlog).toBe(0);
    scheduler.notify(event("A", "a2"));
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(runs).toHaveLength(2);
  });

  it("keeps a superseded run's events for the star's next run, which acknowledges them with its own", async () => {
    const { scheduler, runs, log, event } = harness();
    scheduler.notify(event("A", "a1"));
    scheduler.notify(event("A", "a2"));
    runs[0]!.finish("superseded");
    await settle();
    expect(log).toEqual([]);
    expect(scheduler.backlog).toBe(1);
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await settle();
    expect(log.sort()).toEqual(["ack a1", "ack a2"]);
  });

  it("idle() waits until no star waits or runs; backlog counts the busy stars", async () => {
    const { scheduler, runs, event } = harness();
    await scheduler.idle();
    scheduler.notify(event("A", "a1"));
    scheduler.notify(event("B", "b1"));
    scheduler.notify(event("A", "a2"));
    expect(scheduler.backlog).toBe(2);
    let idle = false;
    void scheduler.idle().then(() => (idle = true));
    runs[0]!.finish();
    runs[1]!.finish();
    await settle();
    expect(idle).toBe(false); // A still has a2 to run
    await vi.advanceTimersByTimeAsync(INTERVAL_MS);
    runs[2]!.finish();
    await settle();
    expect(idle).toBe(true);
    expect(scheduler.backlog).toBe(0);
  });

  it("forgets an idle star after an interval, and a star heard of again meanwhile keeps its interval", async () => {
    const { scheduler, runs, event } = harness();
    scheduler.notify(event("A", "a1"));
    runs[0]!.finish();
    await vi.advanceTimersByTimeAsync(INTERVAL_MS / 2);
    scheduler.notify(event("A", "a2"));
    await vi.advanceTimersByTimeAsync(INTERVAL_MS / 2 - 1);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toHaveLength(2);
    runs[1]!.finish();
    await vi.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    scheduler.notify(event("A", "a3"));
    expect(runs).toHaveLength(3);
  });

  it("stop() starts nothing more, waits for the runs in flight, and leaves waiting events unacknowledged", async () => {
    const { scheduler, runs, log, event } = harness(1);
    scheduler.notify(event("A", "a1"));
    scheduler.notify(event("B", "b1"));
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    scheduler.notify(event("C", "c1"));
    await settle();
    expect(stopped).toBe(false);
    runs[0]!.finish();
    await stopping;
    await vi.advanceTimersByTimeAsync(5 * INTERVAL_MS);
    expect(runs.map((r) => r.pic)).toEqual(["A"]);
    expect(log).toEqual(["ack a1"]);
  });
});
