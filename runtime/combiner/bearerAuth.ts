/**
 * The shared bearer secret between proxy and combiner (design §7, PIAA_COMBINER_TOKEN). Compared
 * in constant time over SHA-256 digests, so neither the secret's contents nor its length leak
 * through response timing.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { UnauthorizedError } from "../core/errors.js";

const digest = (value: string): Buffer => createHash("sha256").update(value, "utf8").digest();

/** Express middleware: passes requests carrying `Authorization: Bearer <token>`, else 401. */
export function requireBearer(token: string): RequestHandler {
  if (token.length === 0) throw new Error("requireBearer: the token must not be empty");
  const expected = digest(token);
  return (req, _res, next) => {
    const header = req.headers.authorization;
    if (header === undefined) return next(new UnauthorizedError("authorization", "missing Authorization: Bearer header"));
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) return next(new UnauthorizedError("authorization", "the Authorization header is not a Bearer token"));
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      return next(new UnauthorizedError("authorization", "the bearer token is not valid"));
    }
    next();
  };
}
