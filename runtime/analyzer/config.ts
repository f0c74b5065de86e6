/**
 * The analyzer's configuration, read from the environment once at start and validated there:
 *
 *     PIAA_BUCKET                        directory, file:// or gs:// URL (default ./piaa-data)
 *     PIAA_ANALYZER_SUBSCRIPTION         projects/{p}/subscriptions/{s}: pull MLC notifications
 *                                        from it; unset: scan the (filesystem) bucket
 *     PIAA_ANALYZER_INTERVAL_MS          per-star debounce interval (default 5000)
 *     PIAA_ANALYZER_THREADS              analysis threads (default: the CPUs available, counting
 *                                        the container's CPU limit; 0: on the event loop)
 *     PIAA_ANALYZER_THREAD_HEAP_MB       heap limit of each analysis thread (default 320)
 *     PIAA_ANALYZER_CONCURRENCY          stars refreshed at once (default 2 per thread)
 *     PIAA_ANALYZER_MAX_MESSAGES         Pub/Sub flow control: messages held at once (default 1000)
 *     PIAA_ANALYZER_SCAN_MS              local scans: interval (default 250)
 *     PORT, PIAA_ANALYZER_HOST           health endpoint (default 8080 on 0.0.0.0)
 *     LOG_LEVEL                          pino level (default info)
 */
import { UsageError } from "../core/commandLine.js";
import { integerVariable, logLevelVariable, type Env } from "../core/environmentVariables.js";
import { DEFAULT_BUCKET } from "../core/store/openObjectStore.js";
import { defaultConcurrency, DEFAULT_INTERVAL_MS } from "./analyzer.js";
import { DEFAULT_THREAD_HEAP_MB } from "./analysisPool.js";
import { availableCores } from "../core/availableCores.js";

/** Messages held at once; with per-star debounce one star holds a few at most. */
export const DEFAULT_MAX_MESSAGES = 1000;

const SUBSCRIPTION = /^projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/subscriptions\/[A-Za-z][-A-Za-z0-9._~+%]{2,254}$/;

export interface AnalyzerConfig {
  bucket: string;
  subscription?: string;
  intervalMs: number;
  threads: number;
  threadHeapMb: number;
  concurrency: number;
  maxMessages: number;
  scanIntervalMs?: number;
  port: number;
  host: string;
  logLevel: string;
}


export function readAnalyzerConfig(env: Env = process.env): AnalyzerConfig {
  const logLevel = logLevelVariable(env);
  const subscription = env.PIAA_ANALYZER_SUBSCRIPTION || undefined;
  if (subscription !== undefined && !SUBSCRIPTION.test(subscription)) {
    throw new UsageError(`PIAA_ANALYZER_SUBSCRIPTION must look like projects/PROJECT/subscriptions/NAME (got ${JSON.stringify(subscription)})`);
  }
  const threads = integerVariable(env, "PIAA_ANALYZER_THREADS", 0, 64) ?? availableCores();
  return {
    bucket: env.PIAA_BUCKET || DEFAULT_BUCKET,
    subscription,
    intervalMs: integerVariable(env, "PIAA_ANALYZER_INTERVAL_MS", 0, 3_600_000) ?? DEFAULT_INTERVAL_MS,
    threads,
    threadHeapMb: integerVariable(env, "PIAA_ANALYZER_THREAD_HEAP_MB", 64, 65_536) ?? DEFAULT_THREAD_HEAP_MB,
    concurrency: integerVariable(env, "PIAA_ANALYZER_CONCURRENCY", 1, 256) ?? defaultConcurrency(threads),
    maxMessages: integerVariable(env, "PIAA_ANALYZER_MAX_MESSAGES", 1, 100_000) ?? DEFAULT_MAX_MESSAGES,
    scanIntervalMs: integerVariable(env, "PIAA_ANALYZER_SCAN_MS", 10, 60_000),
    port: integerVariable(env, "PORT", 0, 65_535) ?? 8080,
    host: env.PIAA_ANALYZER_HOST || "0.0.0.0",
    logLevel,
  };
}
