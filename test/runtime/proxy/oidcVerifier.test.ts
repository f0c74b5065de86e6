import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, UnauthorizedError } from "../../../runtime/core/errors.js";
import { createLocalOidcIssuer, serveCertificates, type CertificateServer, type IdTokenClaims } from "../../../runtime/local/localOidcIssuer.js";
import { createOidcVerifier, type PushVerifier } from "../../../runtime/proxy/oidcVerifier.js";

// Pub/Sub push tokens are Google-signed OIDC ID tokens with aud = the configured audience and
// email = the push service account (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions);
// the local issuer stands in for Google and serves its key like https://www.googleapis.com/oauth2/v1/certs.
const AUDIENCE = "https://proxy.example.test/pubsub/push";
const PUSH_ACCOUNT = "push@piaa-test.iam.gserviceaccount.com";

const issuer = createLocalOidcIssuer();
const stranger = createLocalOidcIssuer();
let certs: CertificateServer;
let verifier: PushVerifier;

const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Partial<IdTokenClaims> = {}): IdTokenClaims => ({
  iss: "https://accounts.google.com",
  aud: AUDIENCE,
  email: PUSH_ACCOUNT,
  email_verified: true,
  sub: "1234567890",
  iat: now(),
  exp: now() + 3600,
  ...overrides,
});
const bearer = (token: string) => `Bearer ${token}`;

beforeAll(async () => {
  certs = await serveCertificates(issuer);
  verifier = createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certsUrl: certs.url });
});
afterAll(async () => {
  await certs.close();
});

describe("createOidcVerifier", () => {
  it("accepts a token of the push service account for our audience", async () => {
    await expect(verifier.verify(bearer(issuer.sign(claims())))).resolves.toEqual({ email: PUSH_ACCOUNT, subject: "1234567890" });
  });

  it("accepts the bare accounts.google.com issuer form too", async () => {
    await expect(verifier.verify(bearer(issuer.sign(claims({ iss: "accounts.google.com" }))))).resolves.toMatchObject({ email: PUSH_ACCOUNT });
  });

  it.each([
    ["missing", undefined, /missing Authorization/],
    ["not a bearer token", "Basic dXNlcjpwYXNz", /not a Bearer token/],
    ["not a JWT", "Bearer abc.def", /invalid OIDC token/],
    ["signed by an unknown key", bearer(stranger.sign(claims())), /No pem found/],
    ["for another audience", bearer(issuer.sign(claims({ aud: "https://elsewhere.example.test/" }))), /Wrong recipient/],
    // exp more than the library's 300 s of clock skew in the past
    ["expired", bearer(issuer.sign(claims({ iat: now() - 7200, exp: now() - 3600 }))), /Token used too late/],
    ["from another issuer", bearer(issuer.sign(claims({ iss: "https://evil.example.test" }))), /Invalid issuer/],
    ["without an issue time", bearer(issuer.sign(claims({ iat: undefined }))), /No issue time/],
  ])("rejects a token that is %s with 401", async (_case, authorization, reason) => {
    const error = await verifier.verify(authorization).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toMatch(reason);
  });

  it("rejects a token whose payload was altered after signing", async () => {
    const [header, , signature] = issuer.sign(claims({ email: "other@x.iam.gserviceaccount.com" })).split(".");
    const forgedPayload = Buffer.from(JSON.stringify(claims())).toString("base64url");
    const error = await verifier.verify(bearer(`${header}.${forgedPayload}.${signature}`)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toMatch(/Invalid token signature/);
    // The library's message embeds the token; ours must not.
    expect((error as Error).message).not.toContain(forgedPayload);
  });

  it.each([
    ["another service account", { email: "intruder@piaa-test.iam.gserviceaccount.com" }, /not the push service account/],
    ["no email", { email: undefined }, /not the push service account/],
    ["an unverified email", { email_verified: false }, /not verified/],
    ["no email_verified claim", { email_verified: undefined }, /not verified/],
  ])("rejects a valid token for %s with 403", async (_case, overrides, reason) => {
    const error = await verifier.verify(bearer(issuer.sign(claims(overrides)))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toMatch(reason);
  });

  it("fails as a server error, not the caller's, when the certificates cannot be fetched", async () => {
    const down = await serveCertificates(issuer);
    await down.close();
    const unreachable = createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certsUrl: down.url, certsTimeoutMs: 1000 });
    const error = await unreachable.verify(bearer(issuer.sign(claims()))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UnauthorizedError);
    expect((error as Error).message).toMatch(/cannot fetch OIDC certificates/);
  });
});
