/**
 * Verifies the OIDC bearer token Pub/Sub attaches to authenticated push requests
 * (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions).
 *
 * google-auth-library checks the signature against Google's certificates, the audience, the
 * issuer and iat/exp (with 300 s of skew). It does NOT check which account the token is for:
 * any Google service account can mint a token for our audience, so `email` must be the
 * subscription's push service account and `email_verified` true, checked here.
 *
 * The certificates come from a KeySource (keyDocumentCache.ts), not from the library's own
 * fetch: that one has no timeout, no single flight and no backoff. Node's verify accepts both
 * forms a document may hold, an X.509 certificate PEM (Google's) or a public key PEM.
 */
import { OAuth2Client, type TokenPayload } from "google-auth-library";
import { ForbiddenError, UnauthorizedError } from "../core/errors.js";
import type { KeySource } from "./keyDocumentCache.js";

/** Both issuer forms Google uses in ID tokens. */
export const GOOGLE_ISSUERS = ["accounts.google.com", "https://accounts.google.com"];
/** Google's signing certificates, PEM by key id. */
export const GOOGLE_PEM_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs";

export interface PushIdentity {
  email: string;
  subject: string;
}

/** What the proxy app needs: turn an Authorization header into a verified push identity. */
export interface PushVerifier {
  verify(authorization: string | undefined): Promise<PushIdentity>;
}

export interface OidcVerifierOptions {
  /** The `aud` the push subscription puts in its tokens (usually the push endpoint URL). */
  audience: string;
  /** The service account the push subscription signs as. */
  serviceAccount: string;
  /** The signing certificates (fetched from GOOGLE_PEM_CERTS_URL in the cloud). */
  certificates: KeySource;
}

const SUBJECT = "push";

function bearerToken(authorization: string | undefined): string {
  if (authorization === undefined || authorization === "") throw new UnauthorizedError(SUBJECT, "missing Authorization header");
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new UnauthorizedError(SUBJECT, "Authorization header is not a Bearer token");
  return match[1]!;
}

/**
 * The library's messages embed the whole token or its payload; keep only the leading reason
 * ("Invalid token signature", "Token used too late", "Wrong recipient...") so no token is logged.
 */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/[:,]/)[0]!.slice(0, 120);
}

export function createOidcVerifier(options: OidcVerifierOptions): PushVerifier {
  const client = new OAuth2Client();
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      // Outside the try below: an unreachable certificate endpoint is our failure (503, Pub/Sub
      // redelivers), not the caller's (401).
      const certs = await options.certificates();
      let payload: TokenPayload | undefined;
      try {
        const ticket = await client.verifySignedJwtWithCertsAsync(token, certs, options.audience, GOOGLE_ISSUERS);
        payload = ticket.getPayload();
      } catch (error) {
        throw new UnauthorizedError(SUBJECT, `invalid OIDC token: ${reasonOf(error)}`);
      }
      if (payload === undefined) throw new UnauthorizedError(SUBJECT, "invalid OIDC token: no payload");
      if (payload.email !== options.serviceAccount) {
        throw new ForbiddenError(SUBJECT, `token is for ${JSON.stringify(payload.email ?? null)}, not the push service account`);
      }
      if (payload.email_verified !== true) throw new ForbiddenError(SUBJECT, "token email is not verified");
      return { email: payload.email, subject: payload.sub };
    },
  };
}
