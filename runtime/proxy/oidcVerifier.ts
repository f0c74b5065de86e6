/**
 * Verifies the OIDC bearer token Pub/Sub attaches to authenticated push requests
 * (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions).
 *
 * google-auth-library checks the signature against Google's certificates, the audience, the
 * issuer and iat/exp (with 300 s of skew). It does NOT check which account the token is for:
 * any Google service account can mint a token for our audience, so `email` must be the
 * subscription's push service account and `email_verified` true, checked here.
 */
import { OAuth2Client, type TokenPayload } from "google-auth-library";
import { ForbiddenError, UnauthorizedError } from "../core/errors.js";

/** Both issuer forms Google uses in ID tokens. */
export const GOOGLE_ISSUERS = ["accounts.google.com", "https://accounts.google.com"];
/** Google's signing certificates, PEM by key id. */
export const GOOGLE_PEM_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs";
/** The library sets no timeout of its own: a stalled certificate fetch would hang the request. */
export const DEFAULT_CERTS_TIMEOUT_MS = 5_000;

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
  /** Where the PEM certificates are fetched; @default GOOGLE_PEM_CERTS_URL */
  certsUrl?: string;
  /** @default DEFAULT_CERTS_TIMEOUT_MS */
  certsTimeoutMs?: number;
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
  const client = new OAuth2Client({
    endpoints: { oauth2FederatedSignonPemCertsUrl: options.certsUrl ?? GOOGLE_PEM_CERTS_URL },
    issuers: GOOGLE_ISSUERS,
    transporterOptions: { timeout: options.certsTimeoutMs ?? DEFAULT_CERTS_TIMEOUT_MS },
  });
  return {
    async verify(authorization) {
      const token = bearerToken(authorization);
      // Fetched (and cached per Cache-Control) separately so that an unreachable certificate
      // endpoint is our failure (500: Pub/Sub redelivers), not the caller's (401).
      const { certs } = await client.getFederatedSignonCertsAsync().catch((error: unknown) => {
        throw new Error(`cannot fetch OIDC certificates: ${reasonOf(error)}`, { cause: error });
      });
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
