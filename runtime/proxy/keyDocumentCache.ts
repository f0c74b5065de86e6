/**
 * A signing-key document fetched from a URL and cached: Google's OIDC certificates for push
 * tokens (https://www.googleapis.com/oauth2/v1/certs: key id → X.509 certificate PEM) and IAP's
 * keys (https://www.gstatic.com/iap/verify/public_key: key id → public key PEM) are both a JSON
 * object of strings, served with a Cache-Control max-age.
 *
 * - fetched once per cache period (the answer's max-age, clamped) and shared by every request:
 *   concurrent callers wait for the one fetch in flight;
 * - while the endpoint fails, fetches back off exponentially; callers in between fail at once
 *   with DependencyUnavailableError (503: Pub/Sub redelivers) and each failed fetch logs one line,
 *   so an outage is one log line and one fetch per interval, not one per request;
 * - a document that expired is still used while refreshing it fails, for at most `staleIfErrorMs`
 *   (as HTTP's stale-if-error, RFC 5861): a short outage of the endpoint does not stop verification,
 *   a long one does not keep a withdrawn key trusted.
 */
import type { Logger } from "pino";
import { DependencyUnavailableError } from "../core/errors.js";

/** What a token verifier asks for: the current key document (key id → PEM). */
export type KeySource = () => Promise<Record<string, string>>;

export interface KeyDocumentCacheOptions {
  url: string;
  /** Names the document in logs and errors ("push token certificates"). */
  subject: string;
  logger: Logger;
  /** Time allowed for one fetch, in ms; @default DEFAULT_KEY_FETCH_TIMEOUT_MS */
  timeoutMs?: number;
  /** Cache period when the answer has no max-age, and the bounds of any max-age, in ms. */
  cachePeriodMs?: { default: number; min: number; max: number };
  /** First wait after a failed fetch, doubled per failure up to the cap, in ms. */
  backoff?: { baseDelayMs: number; maxDelayMs: number };
  /** @default DEFAULT_STALE_IF_ERROR_MS */
  staleIfErrorMs?: number;
  /** Injected by tests; @default globalThis.fetch and Date.now */
  fetch?: typeof fetch;
  now?: () => number;
}

/** google-auth-library sets no timeout of its own: a stalled fetch would hang every request. */
export const DEFAULT_KEY_FETCH_TIMEOUT_MS = 5_000;
export const DEFAULT_CACHE_PERIOD_MS = { default: 3_600_000, min: 60_000, max: 86_400_000 };
/** 1 s, 2 s, 4 s... up to a minute between fetches while the endpoint fails. */
export const DEFAULT_KEY_FETCH_BACKOFF = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
export const DEFAULT_STALE_IF_ERROR_MS = 3_600_000;

interface Fetched {
  keys: Record<string, string>;
  expiresAt: number;
}

/** The max-age of a Cache-Control header, in ms, if it has one. */
export function maxAgeMs(cacheControl: string | null): number | undefined {
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl ?? "");
  return match ? Number(match[1]) * 1000 : undefined;
}

function parseKeyDocument(body: unknown): Record<string, string> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new Error("the document is not a JSON object");
  const entries = Object.entries(body);
  if (entries.length === 0 || !entries.every(([, value]) => typeof value === "string")) {
    throw new Error("the document is not a non-empty map of key id to PEM");
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export function createKeyDocumentCache(options: KeyDocumentCacheOptions): KeySource {
  const fetchDocument = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const period = options.cachePeriodMs ?? DEFAULT_CACHE_PERIOD_MS;
  const backoff = options.backoff ?? DEFAULT_KEY_FETCH_BACKOFF;
  const staleIfErrorMs = options.staleIfErrorMs ?? DEFAULT_STALE_IF_ERROR_MS;
  const log = options.logger.child({ keyDocument: options.subject, url: options.url });
  let current: Fetched | undefined;
  let inFlight: Promise<Record<string, string>> | undefined;
  let failure: { count: number; retryAt: number; reason: string } | undefined;

  const unavailable = (reason: string, cause?: unknown): DependencyUnavailableError =>
    new DependencyUnavailableError(options.subject, reason, Math.max(1, ((failure?.retryAt ?? now()) - now()) / 1000), { cause });

  const refresh = async (): Promise<Record<string, string>> => {
    try {
      const response = await fetchDocument(options.url, { signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_KEY_FETCH_TIMEOUT_MS) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const keys = parseKeyDocument(await response.json());
      const cacheMs = Math.min(period.max, Math.max(period.min, maxAgeMs(response.headers.get("cache-control")) ?? period.default));
      if (failure) log.info({ failedFetches: failure.count }, "key document fetched again");
      current = { keys, expiresAt: now() + cacheMs };
      failure = undefined;
      return keys;
    } catch (error) {
      const count = (failure?.count ?? 0) + 1;
      const waitMs = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (count - 1));
      const reason = error instanceof Error ? error.message : String(error);
      failure = { count, retryAt: now() + waitMs, reason };
      log.warn({ failedFetches: count, retryInMs: waitMs, reason }, "cannot fetch key document");
      if (current && now() < current.expiresAt + staleIfErrorMs) return current.keys;
      throw unavailable(reason, error);
    }
  };

  return async () => {
    const at = now();
    if (current && at < current.expiresAt) return current.keys;
    if (inFlight) return inFlight;
    if (failure && at < failure.retryAt) {
      if (current && at < current.expiresAt + staleIfErrorMs) return current.keys;
      throw unavailable(failure.reason);
    }
    inFlight = refresh().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}
