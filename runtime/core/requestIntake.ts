/**
 * Refusing a request before its body is read, shared by every PIAA service: a body that is
 * declared too large, or that comes without valid credentials, is answered at once and its
 * connection closed, so a client cannot hold a connection (and a slot of the server) open by
 * sending such a body slowly.
 *
 * body-parser (express 5) checks a declared Content-Length against its limit, but waits for the
 * whole body to arrive before passing on its 413; and an answer sent while the body is still
 * arriving leaves node reading (and discarding) it on a kept-alive connection.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { PayloadTooLargeError } from "./errors.js";

/** Express middleware: 413 before any byte of the body is read when Content-Length is over the limit. */
export function refuseDeclaredOversize(limitBytes: number): RequestHandler {
  return (req, _res, next) => {
    const declared = Number(req.headers["content-length"]);
    next(Number.isFinite(declared) && declared > limitBytes ? new PayloadTooLargeError("body", declared, limitBytes) : undefined);
  };
}

/** True while a request has a body that has not been received in full. */
function hasUnreadBody(req: IncomingMessage): boolean {
  if (req.complete) return false;
  const declared = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (declared !== undefined && declared !== "0");
}

/**
 * Makes an answer sent before the request body was read close the connection: node then ends
 * the socket once the answer is written instead of reading the rest of the body.
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse): void {
  if (hasUnreadBody(req) && !res.headersSent) res.setHeader("Connection", "close");
}
