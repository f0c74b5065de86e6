/**
 * The dashboard's check of Identity-Aware Proxy's signed header (issue 15, item 4). Behind IAP,
 * every request carries `x-goog-iap-jwt-assertion`, an ES256 JWT signed by IAP; the app verifies
 * it so that a request reaching the app around IAP (or with IAP switched off by mistake) is
 * refused (https://cloud.google.com/iap/docs/signed-headers-howto#verifying_the_jwt_payload):
 * header `alg` ES256 and a `kid` among IAP's public keys, `iss` https://cloud.google.com/iap,
 * `aud` `/projects/PROJECT_NUMBER/apps/PROJECT_ID`, `exp` in the future and `iat` in the past.
 * Keys come from a key source, `() => Promise<{kid: PEM}>` — by default the document at
 * PIAA_IAP_CERTS_URL (https://www.gstatic.com/iap/verify/public_key) — so a caching source can
 * be plugged in.
 */
import { createPublicKey, verify as verifySignature } from "node:crypto";
import type { RequestHandler } from "express";
import { ForbiddenError, UnauthorizedError } from "../core/errors.js";
import type { KeySource } from "./keyDocumentCache.js";

export const IAP_ASSERTION_HEADER = "x-goog-iap-jwt-assertion";
export const IAP_ISSUER = "https://cloud.google.com/iap";
export const GOOGLE_IAP_KEYS_URL = "https://www.gstatic.com/iap/verify/public_key";
/** Tolerated clock difference between IAP and this instance. */
const CLOCK_SKEW_S = 30;
const SUBJECT = "dashboard";

export interface IapIdentity {
  /** `email` claim: the signed-in user. */
  email: string;
  /** `sub` claim: the user's stable id. */
  subject: string;
}

export interface IapAssertionOptions {
  /** Expected `aud`: `/projects/PROJECT_NUMBER/apps/PROJECT_ID` for App Engine. */
  audience: string;
  keys: KeySource;
  /** Seconds since the epoch (tests). @default the wall clock */
  now?: () => number;
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new UnauthorizedError(SUBJECT, `IAP assertion ${what} is not a JSON object`);
}

/** Verifies one `x-goog-iap-jwt-assertion` value; 401 unless IAP signed it, 403 when it is for another app. */
export async function verifyIapAssertion(assertion: string | undefined, options: IapAssertionOptions): Promise<IapIdentity> {
  if (assertion === undefined || assertion === "") throw new UnauthorizedError(SUBJECT, `no ${IAP_ASSERTION_HEADER} header: the dashboard is served only through IAP`);
  const parts = assertion.split(".");
  if (parts.length !== 3) throw new UnauthorizedError(SUBJECT, "IAP assertion is not a JWT");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, "header");
  if (header.alg !== "ES256") throw new UnauthorizedError(SUBJECT, `IAP assertion algorithm ${String(header.alg)} is not ES256`);
  const keys = await options.keys().catch((error: unknown) => {
    // Our failure (500), not the caller's.
    throw new Error(`cannot fetch IAP public keys: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  });
  const pem = typeof header.kid === "string" ? keys[header.kid] : undefined;
  if (pem === undefined) throw new UnauthorizedError(SUBJECT, `IAP assertion key ${JSON.stringify(header.kid ?? null)} is not one of IAP's keys`);
  // JWS ES256 signatures are r‖s (RFC 7518 §3.4), not DER.
  const signed = verifySignature("sha256", Buffer.from(`${headerPart}.${payloadPart}`), { key: createPublicKey(pem), dsaEncoding: "ieee-p1363" }, Buffer.from(signaturePart, "base64url"));
  if (!signed) throw new UnauthorizedError(SUBJECT, "IAP assertion signature does not verify");
  const claims = decodeJson(payloadPart, "payload");
  const now = options.now?.() ?? Date.now() / 1000;
  if (claims.iss !== IAP_ISSUER) throw new UnauthorizedError(SUBJECT, `IAP assertion issuer ${JSON.stringify(claims.iss ?? null)} is not ${IAP_ISSUER}`);
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_SKEW_S <= now) throw new UnauthorizedError(SUBJECT, "IAP assertion has expired");
  if (typeof claims.iat !== "number" || claims.iat - CLOCK_SKEW_S > now) throw new UnauthorizedError(SUBJECT, "IAP assertion is issued in the future");
  if (claims.aud !== options.audience) throw new ForbiddenError(SUBJECT, `IAP assertion is for ${JSON.stringify(claims.aud ?? null)}, not this application`);
  if (typeof claims.email !== "string" || typeof claims.sub !== "string") throw new UnauthorizedError(SUBJECT, "IAP assertion names no user");
  return { email: claims.email, subject: claims.sub };
}

/** Express middleware admitting only requests with a valid IAP assertion; errors go to the JSON error handler. */
export function iapGuard(options: IapAssertionOptions): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.iapIdentity = await verifyIapAssertion(req.header(IAP_ASSERTION_HEADER), options);
      next();
    } catch (error) {
      next(error);
    }
  };
}
