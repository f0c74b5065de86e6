/**
 * Retrying a read-modify-write whose compare-and-swap lost a race. Conflicts mean another writer
 * moved the MLC on: the whole attempt (re-read, re-merge, write) is repeated after a randomised,
 * exponentially growing pause ("full jitter", AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015), so that racing writers spread out instead of colliding again in lockstep.
 */
import { jitteredBackoffMs, sleep, type BackoffOptions } from "../core/backoff.js";
import { PreconditionFailedError, StoreUnavailableError } from "../core/errors.js";

export interface RetryOptions extends BackoffOptions {
  /** Attempts in all, the first included; then StoreUnavailableError. */
  maxAttempts: number;
  /** A number in [0, 1); injectable so tests can fix the jitter. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BASE_DELAY_MS = 20;
/** GCS sustains about one write per second to one object: pauses beyond that only add delay. */
export const DEFAULT_MAX_DELAY_MS = 2000;

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  baseDelayMs: DEFAULT_BASE_DELAY_MS,
  maxDelayMs: DEFAULT_MAX_DELAY_MS,
  random: Math.random,
  sleep,
};

/** Only a lost compare-and-swap is worth repeating at once; store failures go to the caller. */
export function isRetryable(error: unknown): boolean {
  return error instanceof PreconditionFailedError;
}

/**
 * Runs `attempt(n)` until it does not fail with a retryable error. After `maxAttempts` conflicts
 * it throws StoreUnavailableError naming `objectName`, so that callers answer 503 and the
 * notification is redelivered later.
 */
export async function withCasRetries<T>(
  objectName: string,
  options: Partial<RetryOptions> | undefined,
  attempt: (n: number) => Promise<T>,
): Promise<T> {
  const settings = { ...DEFAULT_RETRY_OPTIONS, ...options };
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (n >= settings.maxAttempts) {
        throw new StoreUnavailableError(objectName, `gave up after ${n} conflicting writes`, { cause: error });
      }
      await settings.sleep(jitteredBackoffMs(n, settings, settings.random));
    }
  }
}
