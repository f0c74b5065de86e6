/**
 * Forwards a segment event to the combiner (`POST /v1/segments`, bearer secret) and reports
 * whether the combiner confirmed it. Attempts rotate over the configured combiner URLs, so with
 * several replicas (the local pipeline) a retry goes to another one.
 */
import type { Logger } from "pino";
import { jitteredBackoffMs, sleep, type BackoffOptions } from "../core/backoff.js";
import type { SegmentEvent } from "../core/notifications/segmentEvent.js";

export interface ForwardRetryOptions extends BackoffOptions {
  /** Attempts per notification, the first included. */
  attempts: number;
  /** Time allowed for one combiner request, in ms. */
  attemptTimeoutMs: number;
}

/**
 * At most 3 × 15 s + backoff ≈ 46 s, under the push subscription's 60 s ack deadline
 * (infra/components/objectNotifications.ts): past it Pub/Sub redelivers anyway. Against GCS a
 * merge waits for the per-star coalescing window (≥ 1 s), so one attempt needs seconds of room.
 */
export const DEFAULT_FORWARD_RETRY: ForwardRetryOptions = { attempts: 3, attemptTimeoutMs: 15_000, baseDelayMs: 250, maxDelayMs: 2_000 };

export type ForwardResult =
  /** The combiner answered 2xx: the MLC holds (or no longer holds) that generation. */
  | { outcome: "confirmed"; status: number; attempts: number }
  /** The combiner refused the segment for good (4xx such as 422 invalid segment). */
  | { outcome: "rejected"; status: number; message: string; attempts: number }
  /** No confirmation: unreachable, timed out, overloaded, failing or refusing our credentials. */
  | { outcome: "failed"; status?: number; message: string; attempts: number };

export interface CombinerForwarder {
  forward(segment: SegmentEvent, logger: Logger): Promise<ForwardResult>;
}

export interface CombinerForwarderOptions {
  /** Base URLs of the combiner (one Service, or several local replicas). */
  urls: string[];
  /** Bearer secret shared with the combiner. */
  token: string;
  retry?: Partial<ForwardRetryOptions>;
}

/** A status (or a network failure, `undefined`) worth another attempt within this request. */
export function isRetryable(status: number | undefined): boolean {
  return status === undefined || status === 408 || status === 429 || status >= 500;
}

/** 401/403 mean our secret is wrong: our fault, so redelivery (after a fix) must stay possible. */
function isRejection(status: number): boolean {
  return status >= 400 && status < 500 && status !== 401 && status !== 403 && !isRetryable(status);
}

async function messageOf(response: Response): Promise<string> {
  const text = (await response.text()).slice(0, 500);
  try {
    const body = JSON.parse(text) as { message?: unknown };
    return typeof body.message === "string" ? body.message : text;
  } catch {
    return text;
  }
}

export function createCombinerForwarder(options: CombinerForwarderOptions): CombinerForwarder {
  if (options.urls.length === 0) throw new Error("createCombinerForwarder: no combiner URL");
  const retry = { ...DEFAULT_FORWARD_RETRY, ...options.retry };
  const endpoints = options.urls.map((url) => new URL("/v1/segments", url).toString());
  let next = 0;
  return {
    async forward(segment, logger) {
      const first = next++;
      let last: { status?: number; message: string } = { message: "not attempted" };
      let attempt = 0;
      while (attempt < retry.attempts) {
        attempt++;
        if (attempt > 1) await sleep(jitteredBackoffMs(attempt - 1, retry));
        const endpoint = endpoints[(first + attempt - 1) % endpoints.length]!;
        try {
          const response = await fetch(endpoint, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${options.token}` },
            body: JSON.stringify(segment),
            signal: AbortSignal.timeout(retry.attemptTimeoutMs),
          });
          const message = await messageOf(response);
          logger.info({ combiner: endpoint, status: response.status, attempt, combinerMessage: message || undefined }, "combiner answered");
          if (response.ok) return { outcome: "confirmed", status: response.status, attempts: attempt };
          if (isRejection(response.status)) return { outcome: "rejected", status: response.status, message, attempts: attempt };
          last = { status: response.status, message };
          if (!isRetryable(response.status)) break;
        } catch (error) {
          last = { message: error instanceof Error ? error.message : String(error) };
          logger.warn({ combiner: endpoint, attempt, error: last.message }, "combiner unreachable");
        }
      }
      return { outcome: "failed", ...last, attempts: attempt };
    },
  };
}
