/**
 * Per-star debounce in front of refreshStar: at most one run per star per `intervalMs` (counted
 * from run start to run start), never two runs of one star at once, at most `concurrency` runs
 * at all. An event for a star that is waiting changes nothing; one that arrives while the star
 * runs asks for another run once the interval is up, so the last run always starts after the last
 * event and so sees the latest MLC generation.
 *
 * Events are held, not acknowledged, until a run that started after them has finished: then they
 * are acknowledged; if that run failed they are handed back (nack) for redelivery. A crash
 * therefore loses nothing the event source has not been told is done.
 *
 * A run is told of the events for its star that arrive while it runs (`laterEvents`), so that it
 * can stop once its MLC generation is superseded; it then ends "superseded", and its events wait
 * for the next run (which the later event asked for) rather than being acknowledged.
 */

export interface StarEvent {
  pic: string;
  /** The star's results are stored: the event will not be delivered again. */
  ack(): void;
  /** The run failed: deliver the event again later. */
  nack(): void;
}

/** When a run's star was last heard of, became due and started (`now()` milliseconds): where its lag went. */
export interface RunTiming {
  /** The latest event the run covers arrived. */
  heardMs: number;
  /** The interval since the star's previous start was up (the run waited for a free slot from then). */
  dueMs: number;
  startMs: number;
}

/** How a run ended: "superseded" hands its events on to the star's next run. */
export type RunEnd = "finished" | "superseded";

export interface StarSchedulerOptions {
  intervalMs: number;
  concurrency: number;
  /** `laterEvents(listener)`: `listener` is called on each event for `pic` heard while this run is in progress. */
  run(pic: string, timing: RunTiming, laterEvents: (listener: () => void) => void): Promise<RunEnd>;
  /** Told about a failed run (its events are nacked). */
  onError?(pic: string, error: unknown): void;
  now?: () => number;
}

export interface StarScheduler {
  notify(event: StarEvent): void;
  /** Resolves once no star is waiting or running. */
  idle(): Promise<void>;
  /** Stars waiting for their interval, for a free slot or running. */
  readonly backlog: number;
  /** Stops starting runs; resolves once the runs in flight have finished (held events stay unacknowledged). */
  stop(): Promise<void>;
}

interface StarState {
  /** Events that the next run to start will cover. */
  waiting: StarEvent[];
  /** When the latest of `waiting` arrived. */
  heardMs: number;
  /** When the star joined the ready queue. */
  dueMs: number;
  lastStartMs: number;
  running: boolean;
  /** Told of each event while the star runs. */
  heardWhileRunning: Array<() => void>;
  timer?: NodeJS.Timeout;
  queued: boolean;
}

export function createStarScheduler(options: StarSchedulerOptions): StarScheduler {
  const now = options.now ?? Date.now;
  const stars = new Map<string, StarState>();
  const ready: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let running = 0;
  let stopped = false;
  let idleWaiters: Array<() => void> = [];

  const busy = (state: StarState): boolean => state.running || state.queued || state.waiting.length > 0;
  /** Stars with events not yet covered by a finished run. */
  const busyStars = new Set<string>();
  const busyCount = (): number => busyStars.size;

  const settleIdle = (): void => {
    if (busyCount() > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const pump = (): void => {
    while (!stopped && running < options.concurrency && ready.length > 0) {
      const pic = ready.shift()!;
      const state = stars.get(pic)!;
      state.queued = false;
      start(pic, state);
    }
  };

  const start = (pic: string, state: StarState): void => {
    const covered = state.waiting;
    state.waiting = [];
    state.running = true;
    state.lastStartMs = now();
    running += 1;
    const runPromise = options
      .run(pic, { heardMs: state.heardMs, dueMs: state.dueMs, startMs: state.lastStartMs }, (listener) => state.heardWhileRunning.push(listener))
      .then(
        (end) => {
          if (end === "superseded") state.waiting.unshift(...covered);
          else covered.forEach((event) => event.ack());
        },
        (error: unknown) => {
          options.onError?.(pic, error);
          covered.forEach((event) => event.nack());
        },
      )
      .finally(() => {
        running -= 1;
        inFlight.delete(runPromise);
        state.running = false;
        state.heardWhileRunning = [];
        if (state.waiting.length > 0) schedule(pic, state);
        else {
          busyStars.delete(pic);
          forgetLater(pic, state);
        }
        pump();
        settleIdle();
      });
    inFlight.add(runPromise);
  };

  // An idle star's state is kept for one interval, which is as long as its last start matters.
  const forgetLater = (pic: string, state: StarState): void => {
    state.timer = setTimeout(() => {
      state.timer = undefined;
      if (!busy(state)) stars.delete(pic);
    }, options.intervalMs);
    state.timer.unref();
  };

  const schedule = (pic: string, state: StarState): void => {
    if (state.running || state.timer || state.queued || stopped) return;
    const enqueue = (): void => {
      state.timer = undefined;
      state.queued = true;
      state.dueMs = now();
      ready.push(pic);
      pump();
    };
    const waitMs = state.lastStartMs + options.intervalMs - now();
    if (waitMs <= 0) enqueue();
    else state.timer = setTimeout(enqueue, waitMs);
  };

  return {
    notify(event) {
      if (stopped) return;
      let state = stars.get(event.pic);
      if (!state) stars.set(event.pic, (state = { waiting: [], heardMs: 0, dueMs: 0, lastStartMs: -Infinity, running: false, heardWhileRunning: [], queued: false }));
      const wasBusy = busy(state);
      state.waiting.push(event);
      state.heardMs = now();
      busyStars.add(event.pic);
      if (!wasBusy && state.timer) {
        clearTimeout(state.timer); // the forgetting timer of an idle star
        state.timer = undefined;
      }
      schedule(event.pic, state);
      for (const listener of state.heardWhileRunning) listener();
    },
    idle: () => (busyCount() === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    get backlog() {
      return busyCount();
    },
    async stop() {
      stopped = true;
      for (const state of stars.values()) clearTimeout(state.timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
