/**
 * Per-star coalescing (design §5): segments of one star that arrive while a batch of that star
 * is being written, or within `windowMs` of its start, become one read-merge-write. Each caller
 * still gets its own outcome. A segment of a star with no recent batch starts one at once (on
 * the next turn of the event loop, so segments that arrived together still share it): waiting
 * would only add latency, and a closed-loop sender with a fixed number of requests in flight
 * gets that much less throughput. The number of waiting segments is bounded: past the bound
 * callers are turned away at once (OverloadedError → 503 + Retry-After) and nothing is touched.
 *
 * Batches of one star never overlap, and two batch starts of one star are at least `windowMs`
 * apart: against GCS, which sustains about one write per second to one object, a window of a
 * second keeps the MLC write rate within that.
 */
import { OverloadedError } from "../core/errors.js";

export interface CoalescerOptions<Change, Outcome> {
  /** How long the first segment of a batch waits for others of the same star, in ms. */
  windowMs: number;
  /** Segments waiting or being written, over all stars, beyond which submissions are refused. */
  maxPending: number;
  /** Retry-After, in seconds, given to refused callers. */
  retryAfterS: number;
  /** Applies one batch; returns one outcome per change, in order. */
  applyBatch(key: string, changes: Change[]): Promise<Outcome[]>;
}

export interface Coalescer<Change, Outcome> {
  /** Queues a change of star `key`; resolves with its outcome once its batch is applied. */
  submit(key: string, change: Change): Promise<Outcome>;
  /** Segments waiting or in flight, over all stars. */
  readonly pending: number;
  /** True once `drain` was called: every later submission is refused. */
  readonly draining: boolean;
  /** Refuses new submissions and resolves when every accepted one has been answered. */
  drain(): Promise<void>;
}

interface Waiter<Change, Outcome> {
  change: Change;
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

interface StarQueue<Change, Outcome> {
  waiting: Waiter<Change, Outcome>[];
  inFlight: boolean;
  /** When the last batch started (performance.now()): the next may start `windowMs` later. */
  startedAt: number;
  /** A next step is scheduled: a batch start, or forgetting the star if nothing waits by then. */
  scheduled: boolean;
}

export function createCoalescer<Change, Outcome>(options: CoalescerOptions<Change, Outcome>): Coalescer<Change, Outcome> {
  const stars = new Map<string, StarQueue<Change, Outcome>>();
  const idleWaiters: (() => void)[] = [];
  let pending = 0;
  let draining = false;

  function settleIdle(): void {
    if (pending > 0) return;
    for (const wake of idleWaiters.splice(0)) wake();
  }

  /** Starts the next batch once the window since the last start allows; a star idle past it is forgotten. */
  function schedule(key: string, star: StarQueue<Change, Outcome>): void {
    if (star.scheduled || star.inFlight) return;
    star.scheduled = true;
    const step = () => {
      // Node's timers count from the event loop's cached clock, which lags behind a busy
      // iteration: a timer can fire early by that lag. The window is a promise (GCS's write rate),
      // so an early timer waits out the rest instead of starting the batch.
      if (performance.now() < star.startedAt + options.windowMs) {
        wait();
        return;
      }
      star.scheduled = false;
      if (star.waiting.length > 0) void runBatch(key, star);
      else stars.delete(key);
    };
    const wait = () => {
      const delayMs = star.startedAt + options.windowMs - performance.now();
      // Unref'd: a timer with nothing waiting must not keep a stopping process alive (segments that
      // wait belong to open requests, which do).
      if (delayMs > 0) setTimeout(step, Math.ceil(delayMs)).unref();
      else setImmediate(step).unref();
    };
    wait();
  }

  async function runBatch(key: string, star: StarQueue<Change, Outcome>): Promise<void> {
    const batch = star.waiting.splice(0);
    star.inFlight = true;
    star.startedAt = performance.now();
    try {
      const outcomes = await options.applyBatch(
        key,
        batch.map((w) => w.change),
      );
      if (outcomes.length !== batch.length) {
        throw new Error(`applyBatch returned ${outcomes.length} outcomes for ${batch.length} changes of ${key}`);
      }
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      pending -= batch.length;
      star.inFlight = false;
      schedule(key, star);
      settleIdle();
    }
  }

  return {
    get pending() {
      return pending;
    },
    get draining() {
      return draining;
    },
    submit(key, change) {
      if (draining) return Promise.reject(new OverloadedError(key, "the combiner is shutting down", options.retryAfterS));
      if (pending >= options.maxPending) {
        return Promise.reject(
          new OverloadedError(key, `${pending} segments already queued (limit ${options.maxPending})`, options.retryAfterS),
        );
      }
      pending++;
      return new Promise<Outcome>((resolve, reject) => {
        let star = stars.get(key);
        if (!star) {
          star = { waiting: [], inFlight: false, startedAt: -Infinity, scheduled: false };
          stars.set(key, star);
        }
        star.waiting.push({ change, resolve, reject });
        schedule(key, star);
      });
    },
    drain() {
      draining = true;
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        settleIdle();
      });
    },
  };
}
