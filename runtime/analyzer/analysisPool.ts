/**
 * Analysis threads: the CPU-bound part of refreshing a star (starResults.ts: analysis and plot
 * rendering, seconds of CPU per star) runs in a pool of worker threads, so that an analyzer uses
 * the cores it is given and its event loop stays free for the bucket reads and writes, the event
 * source and the health endpoint. Jobs wait in arrival order for a free thread. Threads start on
 * `warm()` (the analyzer calls it once it is listening: loading the analysis and plotting modules
 * takes most of a second of CPU bundled, several from source, and the first stars need not wait
 * for that) or when a job needs one, and then stay.
 *
 * Each thread's heap is bounded (V8's old generation), so one huge MLC cannot take the process
 * down: the thread is ended, that star's job fails with AnalysisThreadError (its index row says
 * why), and the next job starts a new thread. A thread that dies before it has loaded its modules
 * fails its job with AnalysisThreadStartError instead: not the star's fault, so it is retried.
 */
import type { Logger } from "pino";
import type { Worker } from "node:worker_threads";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import type { Generation } from "../core/store/objectStore.js";
import { startWorkerThread, workerEntry } from "../core/workerThread.js";
import type { StarResults } from "./starResults.js";
import { SupersededRunError } from "./supersededRun.js";

/**
 * Heap of one thread, MiB: a 100,000-point MLC peaks at about 150 MiB of heap (bench/analyzer);
 * twice that leaves room, and a few threads stay within a half-GiB container.
 */
export const DEFAULT_THREAD_HEAP_MB = 320;

/** A star's analysis thread died while computing it (out of memory, say). */
export class AnalysisThreadError extends Error {}

/** An analysis thread died before it could take work: the job can be tried again. */
export class AnalysisThreadStartError extends Error {}

/** What the pool sends a thread. */
export interface ThreadJob {
  id: number;
  mlc: MasterLightCurve;
  generation: Generation;
  /** One Int32, set to 1 by the pool once the job's generation is superseded (read at the thread's checkpoints). */
  superseded: SharedArrayBuffer;
}

/** What a thread sends back. */
export type ThreadReply =
  | { kind: "ready" }
  | { kind: "done"; id: number; results: StarResults }
  | { kind: "failed"; id: number; message: string }
  | { kind: "superseded"; id: number };

export interface AnalysisPoolOptions {
  threads: number;
  /** V8 old-generation limit of each thread, MiB. @default DEFAULT_THREAD_HEAP_MB */
  threadHeapMb?: number;
  logger?: Logger;
}

export interface AnalysisPool {
  /** A star's results; `signal` aborted stops the job (queued: at once; running: at its thread's next checkpoint) with SupersededRunError. */
  compute(mlc: MasterLightCurve, generation: Generation, signal?: AbortSignal): Promise<StarResults>;
  /** Starts the threads not running yet. */
  warm(): void;
  /** Threads running now. */
  readonly threads: number;
  /** Threads that died (and were replaced when work came). */
  readonly deaths: number;
  /** Takes no more jobs, waits for those queued and running, then ends the threads. */
  close(): Promise<void>;
}

interface Job extends ThreadJob {
  resolve(results: StarResults): void;
  reject(error: Error): void;
}

interface Thread {
  worker: Worker;
  ready: boolean;
  job?: Job;
  error?: Error;
}

export function createAnalysisPool(options: AnalysisPoolOptions): AnalysisPool {
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new Error(`analysis pool needs at least one thread (got ${options.threads})`);
  const heapMb = options.threadHeapMb ?? DEFAULT_THREAD_HEAP_MB;
  const queue: Job[] = [];
  const threads = new Set<Thread>();
  let nextId = 1;
  let deaths = 0;
  let closing: Promise<void> | undefined;
  let drained: () => void = () => {};

  const busy = (): boolean => queue.length > 0 || [...threads].some((t) => t.job);

  const startThread = (): Thread => {
    const worker = startWorkerThread(workerEntry(import.meta.url, "analysisThread"), { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    const thread: Thread = { worker, ready: false };
    worker.on("message", (reply: ThreadReply) => {
      if (reply.kind === "ready") {
        thread.ready = true;
        return;
      }
      const job = thread.job;
      thread.job = undefined;
      if (job?.id !== reply.id) throw new Error(`analysis thread answered job ${reply.id}, not ${job?.id}`);
      if (reply.kind === "done") job.resolve(reply.results);
      else if (reply.kind === "superseded") job.reject(new SupersededRunError(job.mlc.pic, job.generation));
      else job.reject(new Error(reply.message));
      dispatch();
    });
    worker.on("error", (error) => (thread.error = error));
    worker.on("exit", (code) => {
      threads.delete(thread);
      const job = thread.job;
      if (!job) return dispatch();
      deaths += 1;
      const why = thread.error?.message ?? `exit code ${code}`;
      options.logger?.warn({ pic: job.mlc.pic, ready: thread.ready, error: why }, "analysis thread died; it is replaced");
      job.reject(thread.ready ? new AnalysisThreadError(`analysis thread died: ${why}`) : new AnalysisThreadStartError(`analysis thread did not start: ${why}`));
      dispatch();
    });
    threads.add(thread);
    return thread;
  };

  const dispatch = (): void => {
    while (queue.length > 0) {
      const thread = [...threads].find((t) => !t.job) ?? (threads.size < options.threads ? startThread() : undefined);
      if (!thread) return;
      const job = queue.shift()!;
      thread.job = job;
      try {
        thread.worker.postMessage({ id: job.id, mlc: job.mlc, generation: job.generation, superseded: job.superseded } satisfies ThreadJob);
      } catch (error) {
        thread.job = undefined;
        job.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    if (!busy()) drained();
  };

  return {
    compute(mlc, generation, signal) {
      if (closing) return Promise.reject(new Error("the analysis pool is closed"));
      if (signal?.aborted) return Promise.reject(new SupersededRunError(mlc.pic, generation));
      return new Promise<StarResults>((resolve, reject) => {
        const job: Job = { id: nextId++, mlc, generation, superseded: new SharedArrayBuffer(4), resolve, reject };
        signal?.addEventListener("abort", () => {
          const queued = queue.indexOf(job);
          if (queued >= 0) {
            queue.splice(queued, 1);
            reject(new SupersededRunError(mlc.pic, generation));
            if (!busy()) drained();
          } else Atomics.store(new Int32Array(job.superseded), 0, 1);
        }, { once: true });
        queue.push(job);
        dispatch();
      });
    },
    warm() {
      while (!closing && threads.size < options.threads) startThread();
    },
    get threads() {
      return threads.size;
    },
    get deaths() {
      return deaths;
    },
    close() {
      closing ??= (async () => {
        if (busy()) await new Promise<void>((resolve) => (drained = resolve));
        await Promise.all([...threads].map((t) => t.worker.terminate()));
      })();
      return closing;
    },
  };
}
