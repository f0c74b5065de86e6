/**
 * The combiner service (design §5) as an express app built from its dependencies. The entry
 * point (main.ts) reads the environment and listens; tests call the app in process.
 *
 *     POST /v1/segments   {bucket, object, generation?, eventType?} → 200 {outcome} once durable
 *     GET  /healthz       the process is up
 *     GET  /readyz        the store answers and the app is not draining
 *     GET  /metrics       Prometheus text
 */
import express, { type ErrorRequestHandler, type Express, type Request } from "express";
import { OverloadedError, StoreUnavailableError } from "../core/errors.js";
import { jsonErrorHandler } from "../core/httpErrors.js";
import { refuseDeclaredOversize } from "../core/requestIntake.js";
import { traceIdFrom, withTrace, type Logger } from "../core/logging.js";
import { DEFAULT_SEGMENT_LIMITS, type SegmentLimits } from "../core/lightCurveSegment.js";
import { DEFAULT_TAIL_POINT_LIMIT } from "../core/masterLightCurveChunk.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { requireBearer } from "./bearerAuth.js";
import { createCoalescer, type Coalescer } from "./coalescer.js";
import { countingObjectStore } from "./countingObjectStore.js";
import { spacedWritesObjectStore } from "./spacedWritesObjectStore.js";
import { DEFAULT_CACHE_POINTS, createMasterLightCurveCache } from "./masterLightCurveCache.js";
import { createCombinerMetrics, type CombinerMetrics } from "./metrics.js";
import { createSegmentBatcher, type SegmentAnswer } from "./segmentBatcher.js";
import { parseSegmentRequest, type SegmentRequest } from "./segmentRequest.js";

export interface CombinerLimits {
  /** Coalescing window per star, in ms. */
  windowMs: number;
  /** Segments waiting or in flight beyond which requests get 503. */
  maxPending: number;
  /** Largest accepted request body, in bytes (larger → 413). */
  maxBodyBytes: number;
  /** Retry-After sent with 503, in seconds. */
  retryAfterS: number;
  /** How long /readyz waits for the store, in ms. */
  readinessTimeoutMs: number;
  /** MLC tail points above which a batch writes the tail as a chunk (design §4). */
  tailPointLimit: number;
  /** Points of recently merged MLC documents kept decoded between batches (0: none). */
  cachePoints: number;
  /** Size limits of LC objects: larger ones are invalid segments (422). */
  segmentLimits: SegmentLimits;
}

/** Against GCS: about one write per second per object (design §5). */
export const GCS_WINDOW_MS = 1000;
/**
 * Against a directory: long enough to gather a hot star's burst into few writes (25 ms took the
 * 2-replica hot-star bench from 1.52 to 1.32 storage operations per notification and from 26 to
 * 13 batches, bench/README.md). Only segments of a star written in the last window wait for it.
 */
export const FILESYSTEM_WINDOW_MS = 25;
export const DEFAULT_MAX_PENDING = 2000;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;
export const DEFAULT_RETRY_AFTER_S = 2;
export const DEFAULT_READINESS_TIMEOUT_MS = 2000;

export function defaultLimits(store: Pick<ObjectStore, "url">): CombinerLimits {
  return {
    windowMs: store.url.startsWith("gs://") ? GCS_WINDOW_MS : FILESYSTEM_WINDOW_MS,
    maxPending: DEFAULT_MAX_PENDING,
    maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    retryAfterS: DEFAULT_RETRY_AFTER_S,
    readinessTimeoutMs: DEFAULT_READINESS_TIMEOUT_MS,
    tailPointLimit: DEFAULT_TAIL_POINT_LIMIT,
    cachePoints: DEFAULT_CACHE_POINTS,
    segmentLimits: DEFAULT_SEGMENT_LIMITS,
  };
}

export interface CombinerAppOptions {
  store: ObjectStore;
  logger: Logger;
  /** The bearer secret required on /v1/segments. */
  token: string;
  limits?: Partial<CombinerLimits>;
  /** Export Node process metrics too (the deployed service does; tests need not). */
  processMetrics?: boolean;
}

export interface CombinerApp {
  app: Express;
  metrics: CombinerMetrics;
  /** Segments waiting or in flight. */
  readonly pending: number;
  /** Refuses new segments (503, /readyz fails) and resolves once every accepted one is answered. */
  drain(): Promise<void>;
}

export function createCombinerApp({ store, logger, token, limits: overrides, processMetrics }: CombinerAppOptions): CombinerApp {
  const limits = { ...defaultLimits(store), ...overrides };
  // The gauge reads the queue (created below) only at scrape time.
  const metrics = createCombinerMetrics({ queueDepth: () => queue.pending, processMetrics });
  // On gs:// the window is also the least time between two writes of one object, by any replica.
  const spaced = store.url.startsWith("gs://") && limits.windowMs > 0 ? spacedWritesObjectStore(store, { intervalMs: limits.windowMs }) : store;
  const counted = countingObjectStore(spaced, metrics.observeStorage);
  const queue: Coalescer<SegmentRequest, SegmentAnswer> = createCoalescer({
    windowMs: limits.windowMs,
    maxPending: limits.maxPending,
    retryAfterS: limits.retryAfterS,
    applyBatch: createSegmentBatcher({
      store: counted,
      logger,
      metrics,
      tailPointLimit: limits.tailPointLimit,
      segmentLimits: limits.segmentLimits,
      cache: limits.cachePoints > 0 ? createMasterLightCurveCache(limits.cachePoints) : undefined,
    }),
  });

  const app = express();
  app.disable("x-powered-by");
  // Answers to POSTs are never revalidated: no ETag (a SHA-1 of every response body).
  app.disable("etag");

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res, next) => {
    try {
      if (queue.draining) throw new OverloadedError("readyz", "the combiner is shutting down", limits.retryAfterS);
      await withTimeout(store.list({ prefix: "MLC/", maxResults: 1 }), limits.readinessTimeoutMs, store.url);
      res.json({ status: "ready", bucket: store.url });
    } catch (error) {
      next(error);
    }
  });

  app.get("/metrics", async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.post(
    "/v1/segments",
    (req, res, next) => {
      const log = withTrace(logger, traceIdFrom(req.headers));
      res.locals.log = log;
      const startedAt = performance.now();
      res.on("finish", () => {
        metrics.requests.inc({ status: String(res.statusCode) });
        log.debug({ status: res.statusCode, durationMs: Math.round(performance.now() - startedAt) }, "segment request");
      });
      next();
    },
    // Refused from the headers alone, before any byte of the body is read (core/requestIntake.ts).
    refuseDeclaredOversize(limits.maxBodyBytes),
    requireBearer(token),
    express.json({ limit: limits.maxBodyBytes, strict: true }),
    async (req: Request, res, next) => {
      try {
        const request = parseSegmentRequest(req.body, store);
        const answer = await queue.submit(request.pic, request);
        if ("error" in answer) throw answer.error;
        res.json(answer);
      } catch (error) {
        next(error);
      }
    },
  );

  app.use((req, _res, next) => {
    next(Object.assign(new Error(`no route ${req.method} ${req.path}`), { status: 404, type: "NotFound" }));
  });
  const handleError = jsonErrorHandler(logger);
  // Errors of a segment request are logged with that request's trace id.
  app.use(((error, req, res, next) => {
    const log = res.locals.log as Logger | undefined;
    (log ? jsonErrorHandler(log) : handleError)(error, req, res, next);
  }) satisfies ErrorRequestHandler);

  return {
    app,
    metrics,
    get pending() {
      return queue.pending;
    },
    drain: () => queue.drain(),
  };
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, subject: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StoreUnavailableError(subject, `no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
