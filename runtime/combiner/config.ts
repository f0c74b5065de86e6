/**
 * The combiner's configuration, read from the environment once at start (design §7) and
 * validated there: a bad value stops the process with a message naming the variable.
 *
 *     PIAA_BUCKET                      directory, file:// or gs:// URL (default ./piaa-data)
 *     PIAA_COMBINER_TOKEN              bearer secret shared with the proxy (required, ≥ 16 chars)
 *     PORT                             listening port (default 8080; 0 = any free port)
 *     PIAA_COMBINER_HOST               listening address (default 0.0.0.0, as a container needs)
 *     LOG_LEVEL                        pino level (default info)
 *     PIAA_COMBINER_WINDOW_MS          per-star coalescing window (default 1000 on gs://, 25 otherwise)
 *     PIAA_COMBINER_MAX_PENDING        queued segments before 503 (default 2000)
 *     PIAA_COMBINER_MAX_BODY_BYTES     request body limit (default 16384)
 *     PIAA_COMBINER_DRAIN_TIMEOUT_MS   how long SIGTERM waits for in-flight batches (default 25000)
 *     PIAA_COMBINER_TAIL_POINTS        MLC tail points before a roll-over into a chunk (default 2000)
 *     PIAA_COMBINER_CACHE_POINTS       points of recent MLCs kept decoded, 0 for none (default 250000)
 *     PIAA_SEGMENT_MAX_BYTES           largest LC object merged, checked before parsing (default 4 MiB)
 *     PIAA_SEGMENT_MAX_POINTS          most points of a segment, checked before validation (default 20000)
 * The two segment limits are read by `piaa combine` and `piaa reconcile` too, so that a rebuild
 * rejects exactly what the service rejects.
 */
import { MIN_TOKEN_LENGTH } from "../core/bearerToken.js";
import { UsageError } from "../core/commandLine.js";
import { integerVariable, logLevelVariable, type Env } from "../core/environmentVariables.js";
import { DEFAULT_BUCKET } from "../core/store/openObjectStore.js";
import { DEFAULT_SEGMENT_LIMITS, type SegmentLimits } from "../core/lightCurveSegment.js";
import type { CombinerLimits } from "./app.js";

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = "0.0.0.0";
/** Under Kubernetes' default 30 s termination grace period, with room to exit. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 25_000;

export interface CombinerConfig {
  bucket: string;
  token: string;
  port: number;
  host: string;
  logLevel: string;
  /** Only the limits set in the environment; the app fills in the rest. */
  limits: Partial<CombinerLimits>;
  drainTimeoutMs: number;
}


/** The size limits of LC objects (PIAA_SEGMENT_MAX_BYTES, PIAA_SEGMENT_MAX_POINTS). */
export function readSegmentLimits(env: Env = process.env): SegmentLimits {
  return {
    maxBytes: integerVariable(env, "PIAA_SEGMENT_MAX_BYTES", 1024, 1024 * 1024 * 1024) ?? DEFAULT_SEGMENT_LIMITS.maxBytes,
    maxPoints: integerVariable(env, "PIAA_SEGMENT_MAX_POINTS", 1, 10_000_000) ?? DEFAULT_SEGMENT_LIMITS.maxPoints,
  };
}

export function readCombinerConfig(env: Env = process.env): CombinerConfig {
  const token = env.PIAA_COMBINER_TOKEN ?? "";
  if (token === "") throw new UsageError("PIAA_COMBINER_TOKEN is required: the bearer secret shared by proxy and combiner");
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new UsageError(`PIAA_COMBINER_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters without spaces`);
  }
  const logLevel = logLevelVariable(env);
  const limits: Partial<CombinerLimits> = {};
  const windowMs = integerVariable(env, "PIAA_COMBINER_WINDOW_MS", 0, 60_000);
  if (windowMs !== undefined) limits.windowMs = windowMs;
  const maxPending = integerVariable(env, "PIAA_COMBINER_MAX_PENDING", 1, 1_000_000);
  if (maxPending !== undefined) limits.maxPending = maxPending;
  const maxBodyBytes = integerVariable(env, "PIAA_COMBINER_MAX_BODY_BYTES", 1024, 1024 * 1024);
  if (maxBodyBytes !== undefined) limits.maxBodyBytes = maxBodyBytes;
  const tailPointLimit = integerVariable(env, "PIAA_COMBINER_TAIL_POINTS", 1, 1_000_000);
  if (tailPointLimit !== undefined) limits.tailPointLimit = tailPointLimit;
  const cachePoints = integerVariable(env, "PIAA_COMBINER_CACHE_POINTS", 0, 100_000_000);
  if (cachePoints !== undefined) limits.cachePoints = cachePoints;
  if (env.PIAA_SEGMENT_MAX_BYTES || env.PIAA_SEGMENT_MAX_POINTS) limits.segmentLimits = readSegmentLimits(env);
  return {
    bucket: env.PIAA_BUCKET || DEFAULT_BUCKET,
    token,
    port: integerVariable(env, "PORT", 0, 65_535) ?? DEFAULT_PORT,
    host: env.PIAA_COMBINER_HOST || DEFAULT_HOST,
    logLevel,
    limits,
    drainTimeoutMs: integerVariable(env, "PIAA_COMBINER_DRAIN_TIMEOUT_MS", 0, 600_000) ?? DEFAULT_DRAIN_TIMEOUT_MS,
  };
}
