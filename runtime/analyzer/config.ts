/**
 * The analyzer's configuration, read from the environment once at start and validated there:
 *
 *     PIAA_BUCKET                        directory, file:// or gs:// URL (default ./piaa-data)
 *     PIAA_ANALYZER_SUBSCRIPTION         projects/{p}/subscriptions/{s}: pull MLC notifications
 *                                        from it; unset: scan the (filesystem) bucket
 *     PIAA_ANALYZER_INTERVAL_MS          per-star debounce interval (default 5000)
 *     PIAA_ANALYZER_CONCURRENCY          stars analysed at once (default 2)
 *     PIAA_ANALYZER_MAX_MESSAGES         Pub/Sub flow control: messages held at once (default 1000)
 *     PIAA_ANALYZER_SCAN_MS              local scans: interval (default 250)
 *     PORT, PIAA_ANALYZER_HOST           health endpoint (default 8080 on 0.0.0.0)
 *     LOG_LEVEL                          pino level (default info)
 */
import { UsageError } from "../core/commandLine.js";
import { integerVariable, logLevelVariable, type Env } from "../core/environmentVariables.js";
import { DEFAULT_BUCKET } from "../core/store/openObjectStore.js";
import { DEFAULT_CONCURRENCY, DEFAULT_INTERVAL_MS } from "./analyzer.js";

/** Messages held at once; with per-star debounce one star holds a few at most. */
export const DEFAULT_MAX_MESSAGES = 1000;

const SUBSCRIPTION = /^projects\/[a-z][-a-z0-9]{4,28}[a-z0-9]\/subscriptions\/[A-Za-z][-A-Za-z0-9._~+%]{2,254}$/;

export interface AnalyzerConfig {
  bucket: string;
  subscription?: string;
  intervalMs: number;
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
  return {
    bucket: env.PIAA_BUCKET || DEFAULT_BUCKET,
    subscription,
    intervalMs: integerVariable(env, "PIAA_ANALYZER_INTERVAL_MS", 0, 3_600_000) ?? DEFAULT_INTERVAL_MS,
    concurrency: integerVariable(env, "PIAA_ANALYZER_CONCURRENCY", 1, 64) ?? DEFAULT_CONCURRENCY,
    maxMessages: integerVariable(env, "PIAA_ANALYZER_MAX_MESSAGES", 1, 100_000) ?? DEFAULT_MAX_MESSAGES,
    scanIntervalMs: integerVariable(env, "PIAA_ANALYZER_SCAN_MS", 10, 60_000),
    port: integerVariable(env, "PORT", 0, 65_535) ?? 8080,
    host: env.PIAA_ANALYZER_HOST || "0.0.0.0",
    logLevel,
  };
}
