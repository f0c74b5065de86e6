/**
 * The analyzer (design §5): star events from a source, debounced per star (starScheduler.ts),
 * each run bringing the star's stored results up to its MLC (refreshStar.ts). What it did is
 * counted for /status and the logs.
 */
import type { Logger } from "pino";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import type { LightCurveAnalysis } from "../analysis/analyzeMasterLightCurve.js";
import { refreshStar, type RefreshOutcome } from "./refreshStar.js";
import type { StarEventSource } from "./starEventSource.js";
import { createStarIndexWriter } from "./starIndexWriter.js";
import { createStarScheduler } from "./starScheduler.js";

/** Per star, at most one analysis per 5 s: a star's segments arrive in bursts of a few seconds. */
export const DEFAULT_INTERVAL_MS = 5_000;
/** Analyses are CPU-bound on the event loop: more at once only overlaps their reads and writes. */
export const DEFAULT_CONCURRENCY = 2;

export interface AnalyzerOptions {
  store: ObjectStore;
  source: StarEventSource;
  logger: Logger;
  intervalMs?: number;
  concurrency?: number;
  now?: () => Date;
  analyze?: (mlc: MasterLightCurve) => LightCurveAnalysis;
  /** Told after each finished run (tests and the bench measure with it). */
  onOutcome?: (outcome: RefreshOutcome) => void;
}

export type AnalyzerStats = Record<RefreshOutcome["status"] | "failed", number>;

export interface Analyzer {
  start(): Promise<void>;
  /** Resolves once no star is waiting or being analysed. */
  idle(): Promise<void>;
  readonly backlog: number;
  readonly stats: AnalyzerStats;
  /** Stops taking events and waits for the runs in flight. */
  stop(): Promise<void>;
}

export function createAnalyzer(options: AnalyzerOptions): Analyzer {
  const { store, logger } = options;
  const index = createStarIndexWriter(store);
  const stats: AnalyzerStats = { analysed: 0, current: 0, error: 0, removed: 0, failed: 0 };
  const scheduler = createStarScheduler({
    intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    run: async (pic) => {
      const outcome = await refreshStar({ store, index, now: options.now, analyze: options.analyze }, pic);
      stats[outcome.status] += 1;
      const generation = "generation" in outcome ? outcome.generation : undefined;
      if (outcome.status === "error") logger.warn({ pic, generation, error: outcome.error }, "star cannot be analysed");
      else logger.info({ pic, generation, status: outcome.status }, "star refreshed");
      options.onOutcome?.(outcome);
    },
    onError: (pic, error) => {
      stats.failed += 1;
      logger.warn({ pic, error: error instanceof Error ? error.message : String(error) }, "star refresh failed; will retry");
    },
  });
  let stopping: Promise<void> | undefined;
  return {
    start: () => options.source.start((event) => scheduler.notify(event)),
    idle: () => scheduler.idle(),
    get backlog() {
      return scheduler.backlog;
    },
    stats,
    stop() {
      stopping ??= options.source.stop().then(() => scheduler.stop());
      return stopping;
    },
  };
}
