/**
 * A seeded scheduler for store calls. Every call an actor makes through its `scheduledStore`
 * becomes a pending step; the scheduler lets the actors run until each is blocked on such a step
 * (or done), then picks ONE pending step with its seeded random source and performs it against
 * the bucket. So the order of every storage operation of every actor, and therefore the whole
 * interleaving, is a function of the seed: a failing seed replays exactly. The sequence of steps
 * taken is the trace; its hash tells distinct interleavings apart.
 *
 * Odd seeds pick uniformly among the pending steps. Even seeds use PCT (Burckhardt et al.,
 * "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010): actors
 * get random priorities, the highest runs alone, and at a few random steps the running actor
 * drops to the lowest priority. Uniform choice rarely lets one actor run a whole batch inside
 * another's read-write window; PCT does that by construction, which is how the races of issue
 * 14 look (a replica stalls between its read and its write while others finish).
 */
import { createHash } from "node:crypto";
import { iterateAllPages, type ObjectStore } from "../../runtime/core/store/objectStore.js";
import { seededRandom } from "../runtime/combiner/generatedSegments.js";

interface Step {
  actor: string;
  label: string;
  run(): Promise<void>;
}

export interface Scheduler {
  /** The seeded source that chose the steps; actors may draw their own choices from it too. */
  random: () => number;
  /** A store whose every call is a step of `actor`. */
  storeFor(actor: string, inner: ObjectStore): ObjectStore;
  /** A step that does nothing: a point where `actor` lets the others go first. */
  pause(actor: string): Promise<void>;
  /** Runs the actors to completion; rejects if they wait on something that is not a step. */
  run(actors: Record<string, () => Promise<void>>): Promise<void>;
  /** `actor op name` of each step taken, in order. */
  readonly trace: readonly string[];
  /** A hash of the trace: equal for equal interleavings. */
  traceHash(): string;
}

/** Lets every runnable continuation run: they are promise callbacks, all done before the next macrotask. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** PCT: priority change points among the first this many steps (a seed takes about 70). */
const PCT_HORIZON = 80;
const PCT_MAX_CHANGES = 4;

export function createScheduler(seed: number, options: { maxSteps?: number } = {}): Scheduler {
  const random = seededRandom(seed);
  const pending: Step[] = [];
  const trace: string[] = [];
  const maxSteps = options.maxSteps ?? 20_000;
  const pct = seed % 2 === 0;
  const priorities = new Map<string, number>();
  const changePoints = new Set(Array.from({ length: 1 + Math.floor(random() * PCT_MAX_CHANGES) }, () => 1 + Math.floor(random() * PCT_HORIZON)));
  const priorityOf = (actor: string): number => {
    if (!priorities.has(actor)) priorities.set(actor, random());
    return priorities.get(actor)!;
  };

  /** The index of the next step to take. */
  function choose(): number {
    if (!pct) return Math.floor(random() * pending.length);
    const top = () => pending.reduce((best, step) => (priorityOf(step.actor) > priorityOf(best.actor) ? step : best)).actor;
    if (changePoints.has(trace.length)) priorities.set(top(), -trace.length);
    // A pause is an actor waiting for the others (a notification, a backoff): it goes last.
    const paused = pending.find((step) => step.label === "pause" && step.actor === top());
    if (paused) {
      priorities.set(paused.actor, -trace.length);
      return pending.indexOf(paused);
    }
    const actor = top();
    const own = pending.flatMap((step, i) => (step.actor === actor ? [i] : []));
    return own[Math.floor(random() * own.length)]!;
  }

  function enqueue<T>(actor: string, label: string, call: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      pending.push({ actor, label, run: () => call().then(resolve, reject) });
    });
  }

  const scheduler: Scheduler = {
    random,
    trace,
    traceHash: () => createHash("sha256").update(trace.join("\n")).digest("hex").slice(0, 16),
    pause: (actor) => enqueue(actor, "pause", async () => undefined),
    storeFor(actor, inner) {
      const step = <T>(op: string, name: string, call: () => Promise<T>): Promise<T> => enqueue(actor, `${op} ${name}`, call);
      const store: ObjectStore = {
        url: inner.url,
        bucket: inner.bucket,
        get: (name) => step("get", name, () => inner.get(name)),
        getIfChanged: (name, generation) => step("getIfChanged", name, () => inner.getIfChanged(name, generation)),
        stat: (name) => step("stat", name, () => inner.stat(name)),
        put: (name, data, putOptions) => step("put", name, () => inner.put(name, data, putOptions)),
        delete: (name, deleteOptions) => step("delete", name, () => inner.delete(name, deleteOptions)),
        list: (listOptions) => step("list", listOptions?.prefix ?? "", () => inner.list(listOptions)),
        listAll: (prefix) => iterateAllPages(store, prefix),
      };
      return store;
    },
    async run(actors) {
      const failures: unknown[] = [];
      let running = 0;
      for (const [name, actor] of Object.entries(actors)) {
        running++;
        void actor().then(
          () => running--,
          (error: unknown) => {
            running--;
            failures.push(new Error(`actor ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
          },
        );
      }
      for (;;) {
        await settle();
        if (failures.length > 0) throw failures[0];
        if (pending.length === 0) {
          if (running === 0) return;
          throw new Error(`${running} actor(s) wait on something that is not a store call (after ${trace.length} steps)`);
        }
        if (trace.length >= maxSteps) throw new Error(`no quiescence after ${maxSteps} steps`);
        const [step] = pending.splice(choose(), 1);
        trace.push(`${step!.actor} ${step!.label}`);
        await step!.run();
      }
    },
  };
  return scheduler;
}
