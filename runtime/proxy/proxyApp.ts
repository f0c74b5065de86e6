/**
 * The notification proxy (design §5): receives Cloud Storage notifications (Pub/Sub push with an
 * OIDC token, or the legacy Object Change Notification channel), forwards light-curve segment
 * events to the combiner and acknowledges only what the combiner confirmed.
 *
 * Pub/Sub acknowledges a push on 102, 200, 201, 202 or 204 and redelivers on anything else
 * (https://cloud.google.com/pubsub/docs/push#receive_push). Answers:
 * - 200 forwarded (combiner confirmed) or ignored (not an LC finalize/delete: PSC, MLC, metadata);
 * - 400 malformed envelope, 401/403 bad token: never forwarded;
 * - 422 the combiner refused the segment for good (invalid segment). Redelivery cannot succeed,
 *   but acknowledging would lose the only trace of the fault, so the message is nacked and ends
 *   in the subscription's dead-letter topic after its max delivery attempts, where an operator
 *   sees it; `piaa reconcile` reports the same segment from the bucket;
 * - 413 a body declared over NOTIFICATION_BODY_LIMIT_BYTES, answered before it is read;
 * - 503 the combiner did not confirm (unreachable, overloaded, failing), the token certificates
 *   cannot be fetched, or the proxy is shutting down: Pub/Sub redelivers.
 * A request refused before its body was read (413, 401, 403) has its connection closed.
 *
 *     GET /healthz   the process is up
 *     GET /readyz    503 once the proxy is shutting down
 */
import express, { type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "pino";
import { jsonErrorHandler } from "../core/httpErrors.js";
import { traceIdFrom, withTrace } from "../core/logging.js";
import { checkChannelToken, parseObjectChangeNotification } from "../core/notifications/objectChangeNotification.js";
import { parsePubsubPush } from "../core/notifications/pubsubPush.js";
import { routeStorageEvent, type StorageEvent } from "../core/notifications/storageEvent.js";
import { refuseDeclaredOversize } from "../core/requestIntake.js";
import { ForbiddenError, OverloadedError } from "../core/errors.js";
import type { CombinerForwarder } from "./combinerForwarder.js";
import type { PushVerifier } from "./oidcVerifier.js";

/** Storage notifications are a few KB (attributes plus one object resource). */
export const NOTIFICATION_BODY_LIMIT_BYTES = 256 * 1024;
/** Retry-After of the answers sent while shutting down, in s (Pub/Sub keeps its own backoff). */
export const SHUTDOWN_RETRY_AFTER_S = 2;

export interface ProxyAppOptions {
  verifier: PushVerifier;
  forwarder: CombinerForwarder;
  logger: Logger;
  /** Token of the legacy OCN channel; without it `/ocn` refuses every request. */
  ocnChannelToken?: string;
  /** Read-only pages mounted at `/`: the forwarder to the dashboard worker (dashboardForwarder.ts), or a router. */
  dashboard?: RequestHandler;
  /** True once the server drains: notifications get 503 (redelivered elsewhere), /readyz fails. */
  isDraining?: () => boolean;
  /** Runs before every dashboard request (the IAP check, iapAssertion.ts). */
  dashboardGuard?: RequestHandler;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function answerStorageEvent(event: StorageEvent, forwarder: CombinerForwarder, requestLogger: Logger): Promise<Answer> {
  const logger = requestLogger.child({ messageId: event.messageId, object: event.object, eventType: event.eventType, generation: event.generation });
  const route = routeStorageEvent(event);
  if (!route.forward) {
    logger.info({ reason: route.reason }, "notification ignored");
    return { status: 200, body: { result: "ignored", reason: route.reason } };
  }
  const result = await forwarder.forward(route.segment, logger);
  const outcome = { combinerStatus: result.status, attempts: result.attempts };
  const summary = { object: event.object, generation: event.generation, ...outcome };
  switch (result.outcome) {
    case "confirmed":
      logger.info(outcome, "notification forwarded");
      return { status: 200, body: { result: "forwarded", ...summary } };
    case "rejected":
      logger.error({ ...outcome, combinerMessage: result.message }, "combiner rejected the segment");
      return { status: 422, body: { error: "SegmentRejected", message: result.message, ...summary } };
    case "failed":
      logger.warn({ ...outcome, reason: result.message }, "combiner did not confirm; asking for redelivery");
      return { status: 503, body: { error: "CombinerUnavailable", message: "the combiner did not confirm the segment", ...summary } };
  }
}

function requestLogger(logger: Logger, req: Request): Logger {
  return withTrace(logger, traceIdFrom(req.headers));
}

function send(res: Response, answer: Answer): void {
  res.status(answer.status).json(answer.body);
}

export function createProxyApp(options: ProxyAppOptions): express.Express {
  const { verifier, forwarder, logger } = options;
  const isDraining = options.isDraining ?? (() => false);
  const app = express();
  app.disable("x-powered-by");
  const json = express.json({ limit: NOTIFICATION_BODY_LIMIT_BYTES, type: () => true });
  // Each notification route refuses what it can from the request line and headers alone, cheapest first.
  const intake = (subject: string): express.RequestHandler[] => [
    (_req, _res, next) => {
      next(isDraining() ? new OverloadedError(subject, "the proxy is shutting down", SHUTDOWN_RETRY_AFTER_S) : undefined);
    },
    refuseDeclaredOversize(NOTIFICATION_BODY_LIMIT_BYTES),
  ];

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", (_req, res) => {
    if (isDraining()) throw new OverloadedError("readyz", "the proxy is shutting down", SHUTDOWN_RETRY_AFTER_S);
    res.json({ status: "ready" });
  });

  // The token is checked before the body is even parsed: nothing unauthenticated gets further.
  app.post(
    "/pubsub/push",
    ...intake("push"),
    async (req, _res, next) => {
      await verifier.verify(req.headers.authorization);
      next();
    },
    json,
    async (req, res) => {
      const event = parsePubsubPush(req.body);
      send(res, await answerStorageEvent(event, forwarder, requestLogger(logger, req)));
    },
  );

  app.post(
    "/ocn",
    ...intake("ocn"),
    (req, _res, next) => {
      if (options.ocnChannelToken === undefined) throw new ForbiddenError("ocn", "the legacy notification channel is not configured");
      checkChannelToken(req.headers, options.ocnChannelToken);
      next();
    },
    json,
    async (req, res) => {
      const notification = parseObjectChangeNotification(req.headers, req.body);
      const log = requestLogger(logger, req);
      if (notification.kind === "sync") {
        log.info({ messageId: notification.messageId }, "OCN channel sync acknowledged");
        res.status(200).json({ result: "sync" });
        return;
      }
      send(res, await answerStorageEvent(notification.event, forwarder, log));
    },
  );

  if (options.dashboard) app.use("/", ...(options.dashboardGuard ? [options.dashboardGuard] : []), options.dashboard);
  app.use(jsonErrorHandler(logger));
  return app;
}
