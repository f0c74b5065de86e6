/**
 * Exponential backoff with full jitter (each wait uniform in [0, min(cap, base·2^(n-1))]), so
 * that clients retrying after the same failure spread out instead of arriving together.
 */
export interface BackoffOptions {
  /** First backoff ceiling, doubled per retry, in ms. */
  baseDelayMs: number;
  /** Backoff ceiling cap, in ms. */
  maxDelayMs: number;
}

/** The wait before retry number `retry` (1 = the first retry). */
export function jitteredBackoffMs(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  return Math.round(random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1)));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
