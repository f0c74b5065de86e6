/**
 * Retrying a read-modify-write whose compare-and-swap lost a race. Conflicts mean another writer
 * moved the MLC on: the whole attempt (re-read, re-merge, write) is repeated after a randomised,
 * exponentially growing pause ("full jitter", AWS Architecture Blog, "Exponential Backoff And
 * Jitter", 2015), so that racing writers spread out instead of colliding again in lockstep.
 */
import { PreconditionFailedError, StoreUnavailableError } from "../core/errors.js";

export interface RetryOptions {
  /** Attempts in all, the first included; then StoreUnavailableError. */
  maxAttempts: number;
  /** Upper bound of the first pause, in ms; doubles per attempt. */
  baseDelayMs: number;
  /** Upper bound of any pause, in ms. GCS allows about one write per second per object. */
  maxDelayMs: number;
  /** A number in [0, 1); injectable so tests can fix the jitter. */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BASE_DELAY_MS = 20;
export const DEFAULT_MAX_DELAY_MS = 2000;

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxAttempts: DEFAULT_MAX_ATTEMPTS,
  baseDelayMs: DEFAULT_BASE_DELAY_MS,
  maxDelayMs: DEFAULT_MAX_DELAY_MS,
  random: Math.random,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Only a lost compare-and-swap is worth repeating at once; store failures go to the caller. */
export function isRetryable(error: unknown): boolean {
  return error instanceof PreconditionFailedError;
}

/** The pause before attempt `attempt + 1` (attempt counts from 1). */
export function backoffDelayMs(attempt: number, options: Pick<RetryOptions, "baseDelayMs" | "maxDelayMs" | "random">): number {
  return options.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
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
      await settings.sleep(backoffDelayMs(n, settings));
    }
  }
}
