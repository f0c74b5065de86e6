/**
 * Local stand-in for a Pub/Sub push subscription: delivers storage-notification envelopes to the
 * proxy over HTTP with an OIDC bearer token, at least once. Like Pub/Sub
 * (https://cloud.google.com/pubsub/docs/push), a delivery counts as acknowledged only on 102,
 * 200, 201, 202 or 204; anything else, or no answer in time, is retried with backoff and the same
 * messageId, up to a maximum number of attempts after which the message is dead-lettered
 * (https://cloud.google.com/pubsub/docs/handling-failures).
 *
 * One departure: a 4xx answer (malformed, refused token, segment rejected by the combiner) is
 * dead-lettered at once. Pub/Sub would redeliver it until the dead-letter policy gives up, giving
 * an operator time to fix things; locally nobody fixes anything in between, so retrying would only
 * hold up the run.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { jitteredBackoffMs, sleep, type BackoffOptions } from "../core/backoff.js";
import { buildPubsubPush } from "../core/notifications/pubsubPush.js";
import type { BucketChange } from "./bucketWatcher.js";

export interface DeliveryOptions extends BackoffOptions {
  /** Attempts before a message is dead-lettered (Pub/Sub allows 5–100). */
  maxAttempts: number;
  /** Time allowed for one push, in ms (Pub/Sub: the ack deadline). */
  attemptTimeoutMs: number;
  /** Pushes in flight at once. */
  concurrency: number;
}

/**
 * Generous so that a restarting proxy or combiner never costs a message: the retries' waits come
 * to about two minutes with median jitter (jitteredBackoffMs draws each between 0 and its
 * ceiling). With a 2 s ceiling they came to ~26 s, and a proxy restarted from source on a loaded
 * 2-core machine (tsx, then its dashboard worker) was down longer: its pushes were dead-lettered
 * and their segments left unmerged. Pub/Sub's own ceiling is 600 s, its default floor 10 s.
 */
export const DEFAULT_DELIVERY: DeliveryOptions = { maxAttempts: 30, attemptTimeoutMs: 60_000, baseDelayMs: 100, maxDelayMs: 10_000, concurrency: 8 };

const ACK_STATUSES = new Set([102, 200, 201, 202, 204]);
/** Answers that another attempt cannot change (see above). */
const isPermanentRefusal = (status: number): boolean => status >= 400 && status < 500;

export interface DeliveryStats {
  delivered: number;
  /** Attempts that were not acknowledged and were tried again. */
  retried: number;
  deadLettered: string[];
}

export interface PushDeliverer {
  enqueue(change: BucketChange): void;
  /** Resolves once every enqueued message was acknowledged or dead-lettered. */
  idle(): Promise<void>;
  /** Messages waiting or in flight. */
  readonly backlog: number;
  readonly stats: DeliveryStats;
  /** Stops: abandons attempts in flight (they were not acknowledged; the next run re-notifies). */
  close(): Promise<void>;
}

export interface PushDelivererOptions {
  /** The proxy's push endpoint, e.g. http://127.0.0.1:PORT/pubsub/push. */
  pushUrl: string;
  /** A bearer token for the next attempt (the local OIDC issuer). */
  token(): string;
  /** `bucketId` of the notifications. */
  bucket: string;
  logger: Logger;
  delivery?: Partial<DeliveryOptions>;
}

interface Message {
  messageId: string;
  change: BucketChange;
}

export function createPushDeliverer(options: PushDelivererOptions): PushDeliverer {
  const delivery = { ...DEFAULT_DELIVERY, ...options.delivery };
  const runId = randomUUID().slice(0, 8);
  const queue: Message[] = [];
  const stats: DeliveryStats = { delivered: 0, retried: 0, deadLettered: [] };
  let sequence = 0;
  let inFlight = 0;
  let closed = false;
  let idleWaiters: Array<() => void> = [];
  const stopping = new AbortController();
  const workers = new Set<Promise<void>>();

  const attempt = async (message: Message): Promise<number | string> => {
    const { change } = message;
    const envelope = buildPubsubPush({ messageId: message.messageId, bucket: options.bucket, ...change });
    try {
      const response = await fetch(options.pushUrl, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${options.token()}` },
        body: JSON.stringify(envelope),
        signal: AbortSignal.any([AbortSignal.timeout(delivery.attemptTimeoutMs), stopping.signal]),
      });
      await response.arrayBuffer();
      return response.status;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };

  const deliver = async (message: Message): Promise<void> => {
    const logger = options.logger.child({ messageId: message.messageId, object: message.change.object, eventType: message.change.eventType });
    for (let n = 1; n <= delivery.maxAttempts && !closed; n++) {
      if (n > 1) await sleep(jitteredBackoffMs(n - 1, delivery));
      const outcome = await attempt(message);
      if (typeof outcome === "number" && ACK_STATUSES.has(outcome)) {
        stats.delivered += 1;
        logger.debug({ attempt: n }, "push acknowledged");
        return;
      }
      if (typeof outcome === "number" && isPermanentRefusal(outcome)) {
        stats.deadLettered.push(message.change.object);
        logger.error({ attempt: n, status: outcome }, "push refused by the proxy; dead-lettered (see the proxy log for why)");
        return;
      }
      stats.retried += 1;
      logger.debug({ attempt: n, outcome }, "push not acknowledged; will retry");
    }
    if (closed) return;
    stats.deadLettered.push(message.change.object);
    logger.error({ attempts: delivery.maxAttempts }, "push dead-lettered after the maximum number of attempts");
  };

  const pump = (): void => {
    while (!closed && inFlight < delivery.concurrency && queue.length > 0) {
      const message = queue.shift()!;
      inFlight += 1;
      const worker = deliver(message).finally(() => {
        inFlight -= 1;
        workers.delete(worker);
        pump();
      });
      workers.add(worker);
    }
    if (queue.length === 0 && inFlight === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  return {
    enqueue(change) {
      if (closed) return;
      queue.push({ messageId: `${runId}-${++sequence}`, change });
      pump();
    },
    idle: () =>
      queue.length === 0 && inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve)),
    get backlog() {
      return queue.length + inFlight;
    },
    stats,
    async close() {
      closed = true;
      stopping.abort();
      await Promise.all(workers);
    },
  };
}
