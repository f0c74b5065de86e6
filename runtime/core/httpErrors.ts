import type { ErrorRequestHandler } from "express";
import type { Logger } from "pino";
import { closeIfBodyUnread } from "./requestIntake.js";
import {
  DependencyUnavailableError,
  ForbiddenError,
  InvalidDocumentError,
  InvalidObjectNameError,
  InvalidRequestError,
  InvalidSegmentError,
  NotFoundError,
  OverloadedError,
  PayloadTooLargeError,
  PiaaError,
  PreconditionFailedError,
  StoreUnavailableError,
  UnauthorizedError,
} from "./errors.js";

/** The one place where domain errors become HTTP status codes. */
export function httpStatusOf(error: unknown): number {
  if (error instanceof InvalidObjectNameError) return 400;
  if (error instanceof InvalidSegmentError) return 422;
  if (error instanceof InvalidRequestError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof PreconditionFailedError) return 412;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof OverloadedError) return 503;
  if (error instanceof StoreUnavailableError) return 503;
  if (error instanceof DependencyUnavailableError) return 503;
  // A stored document that fails its schema is our fault, not the caller's.
  if (error instanceof InvalidDocumentError) return 500;
  const status = expressStatusOf(error);
  if (status !== undefined) return status;
  return 500;
}

/** body-parser errors (413 entity.too.large, 400 entity.parse.failed) carry their own status. */
function expressStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === "number" && status >= 400 && status < 600 ? status : undefined;
}

/** The JSON body of an error answer. Unexpected errors are not described to the caller. */
export function httpErrorBody(error: unknown): { error: string; message: string; object?: string } {
  if (error instanceof PiaaError) {
    return { error: error.name, message: error.message, object: error.objectName };
  }
  const status = httpStatusOf(error);
  if (status < 500 && error instanceof Error) {
    const type = (error as { type?: unknown }).type;
    return { error: typeof type === "string" ? type : "BadRequest", message: error.message };
  }
  return { error: "InternalError", message: "internal error" };
}

/**
 * The JSON error middleware shared by every PIAA express app: it replaces express's HTML
 * answer with a stack trace, sets Retry-After on overload, logs only unexpected errors with their
 * stack, and closes the connection of an answer sent before the request body was read.
 */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = httpStatusOf(error);
    if (status >= 500 && !(error instanceof OverloadedError) && !(error instanceof StoreUnavailableError) && !(error instanceof DependencyUnavailableError)) {
      logger.error({ err: error }, "unexpected error");
    } else {
      // An unavailable dependency is logged where it fails, once per retry interval, not per request.
      const level = error instanceof DependencyUnavailableError ? "debug" : "warn";
      logger[level]({ status, error: error instanceof Error ? error.message : String(error) }, "request failed");
    }
    if (error instanceof OverloadedError || error instanceof DependencyUnavailableError) {
      res.setHeader("Retry-After", String(Math.ceil(error.retryAfterS)));
    }
    closeIfBodyUnread(req, res);
    res.status(status).json(httpErrorBody(error));
  };
}
