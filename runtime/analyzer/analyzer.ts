/**
 * The analyzer (design §5): star events from a source, debounced per star (starScheduler.ts),
 * each run bringing the star's stored results up to its MLC (refreshStar.ts). What it did is
 * counted for /status and the logs.
 */
import type { Logger } from "pino";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import type { LightCurveAnalysis } from "../analysis/analyzeMasterLightCurve.js";
import { createAnalysisPool } from "./analysisPool.js";
import { computeOnEventLoop, refreshStar, type RefreshOutcome } from "./refreshStar.js";
import type { StarEventSource } from "./starEventSource.js";
import { createStarIndexWriter } from "./starIndexWriter.js";
import { createStarScheduler, type RunTiming } from "./starScheduler.js";
import { SupersededRunError } from "./supersededRun.js";

/** Per star, at most one analysis per 5 s: a star's segments arrive in bursts of a few seconds. */
export const DEFAULT_INTERVAL_MS = 5_000;
/**
 * Stars refreshed at once, per analysis thread: one computing while another reads its MLC or
 * writes its results (on the event loop, with no threads, more at once only overlaps that I/O).
 */
export const STARS_PER_THREAD = 2;

/** Stars refreshed at once by default for `threads` analysis threads (0: analyses on the event loop). */
export function defaultConcurrency(threads: number): number {
  return STARS_PER_THREAD * Math.max(1, threads);
}

export interface AnalyzerOptions {
  store: ObjectStore;
  source: StarEventSource;
  logger: Logger;
  intervalMs?: number;
  /** Analysis threads (analysisPool.ts); 0 analyses on the event loop. @default 0 */
  threads?: number;
  /** Heap limit of each analysis thread, MiB. @default DEFAULT_THREAD_HEAP_MB */
  threadHeapMb?: number;
  /** Stars refreshed at once. @default defaultConcurrency(threads) */
  concurrency?: number;
  now?: () => Date;
  /** The analysis on the event loop (a seam for counting analyses; only without threads). */
  analyze?: (mlc: MasterLightCurve) => LightCurveAnalysis;
  /** Told after each finished run (tests and the bench measure with it). */
  onOutcome?: (outcome: RefreshOutcome) => void;
}

/** Runs per ending: an outcome, "superseded" (stopped for a newer MLC generation) or "failed" (retried). */
export type AnalyzerStats = Record<RefreshOutcome["status"] | "superseded" | "failed", number>;

export interface Analyzer {
  start(): Promise<void>;
  /** Resolves once no star is waiting or being analysed. */
  idle(): Promise<void>;
  readonly backlog: number;
  readonly stats: AnalyzerStats;
  /** Analysis threads running, and those that died (each failing its star); zeros without threads. */
  readonly threads: { running: number; died: number };
  /** Stops taking events and waits for the runs in flight. */
  stop(): Promise<void>;
}

/**
 * Where the time between hearing of a star and finishing its run went: waiting out the debounce
 * interval, waiting for a free slot, and the run itself.
 */
function lagFields({ heardMs, dueMs, startMs }: RunTiming, endMs: number) {
  const queuedFromMs = Math.max(heardMs, dueMs);
  return { heardAt: new Date(heardMs).toISOString(), debounceMs: queuedFromMs - heardMs, queuedMs: startMs - queuedFromMs, runMs: endMs - startMs };
}

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const { store, logger } = options;
  const index = createStarIndexWriter(store);
  const stats: AnalyzerStats = { analysed: 0, current: 0, error: 0, removed: 0, superseded: 0, failed: 0 };
  const threads = options.threads ?? 0;
  if (threads > 0 && options.analyze) throw new Error("an analyze function runs on the event loop only (threads: 0)");
  const pool = threads > 0 ? createAnalysisPool({ threads, threadHeapMb: options.threadHeapMb, logger }) : undefined;
  const compute = pool ? pool.compute : computeOnEventLoop(options.analyze);
  const scheduler = createStarScheduler({
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    concurrency: options.concurrency ?? defaultConcurrency(threads),
    run: async (pic, timing, laterEvents) => {
      let outcome: RefreshOutcome;
      try {
        outcome = await refreshStar({ store, index, now: options.now, compute }, pic, { laterEvents });
      } catch (error) {
        if (!(error instanceof SupersededRunError)) throw error;
        stats.superseded += 1;
        logger.info({ pic, generation: error.generation, status: "superseded", ...lagFields(timing, Date.now()) }, "star run stopped: a newer MLC generation is stored");
        return "superseded";
      }
      stats[outcome.status] += 1;
      const generation = "generation" in outcome ? outcome.generation : undefined;
      const lag = lagFields(timing, Date.now());
      if (outcome.status === "error") logger.warn({ pic, generation, error: outcome.error, ...lag }, "star cannot be analysed");
      else logger.info({ pic, generation, status: outcome.status, ...lag }, "star refreshed");
      options.onOutcome?.(outcome);
      return "finished";
    },
    onError: (pic, error) => {
      stats.failed += 1;
      logger.warn({ pic, error: error instanceof Error ? error.message : String(error) }, "star refresh failed; will retry");
    },
  });
  let stopping: Promise<void> | undefined;
  return {
    async start() {
      await options.source.start((event) => scheduler.notify(event));
      pool?.warm();
    },
    idle: () => scheduler.idle(),
    get backlog() {
      return scheduler.backlog;
    },
    stats,
    get threads() {
      return { running: pool?.threads ?? 0, died: pool?.deaths ?? 0 };
    },
    stop() {
      stopping ??= options.source
        .stop()
        .then(() => scheduler.stop())
        .then(() => pool?.close());
      return stopping;
    },
  };
}
