import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { createSign } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DependencyUnavailableError, ForbiddenError, UnauthorizedError } from "../../../runtime/core/errors.js";
import { httpStatusOf } from "../../../runtime/core/httpErrors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { createLocalOidcIssuer, serveCertificates, type CertificateServer, type IdTokenClaims } from "../../../runtime/local/localOidcIssuer.js";
import { createKeyDocumentCache } from "../../../runtime/proxy/keyDocumentCache.js";
import { createOidcVerifier, type PushVerifier } from "../../../runtime/proxy/oidcVerifier.js";

// Pub/Sub push tokens are Google-signed OIDC ID tokens with aud = the configured audience and
// email = the push service account (https://cloud.google.com/pubsub/docs/authenticate-push-subscriptions);
// the local issuer stands in for Google and serves its key like https://www.googleapis.com/oauth2/v1/certs.
const AUDIENCE = "https://proxy.example.test/pubsub/push";
const PUSH_ACCOUNT = "push@piaa-test.iam.gserviceaccount.com";

const silent = createLogger({ service: "proxy", level: "silent" });
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
  verifier = createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certificates: createKeyDocumentCache({ url: certs.url, subject: "certs", logger: silent }) });
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

  it("fails as an unavailable dependency (503), not the caller's fault, when the certificates cannot be fetched", async () => {
    const down = await serveCertificates(issuer);
    await down.close();
    const certificates = createKeyDocumentCache({ url: down.url, subject: "push token certificates", logger: silent, timeoutMs: 1000 });
    const unreachable = createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certificates });
    const error = await unreachable.verify(bearer(issuer.sign(claims()))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(httpStatusOf(error)).toBe(503);
    expect((error as Error).message).toMatch(/push token certificates unavailable/);
  });

  it("verifies against X.509 certificates, the form Google serves, as well as public keys", async () => {
    // A self-signed certificate and its key, as Google's document holds one per key id.
    const dir = mkdtempSync(path.join(os.tmpdir(), "piaa-x509-"));
    const [keyFile, certFile] = [path.join(dir, "key.pem"), path.join(dir, "cert.pem")];
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-subj", "/CN=piaa-test", "-days", "1"], { stdio: "ignore" });
    const certificatePem = readFileSync(certFile, "utf8");
    expect(certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const signed = `${encode({ alg: "RS256", kid: "x509", typ: "JWT" })}.${encode(claims())}`;
    const signature = createSign("RSA-SHA256").update(signed).sign(readFileSync(keyFile, "utf8")).toString("base64url");
    rmSync(dir, { recursive: true });
    const x509 = createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certificates: () => Promise.resolve({ x509: certificatePem }) });
    await expect(x509.verify(bearer(`${signed}.${signature}`))).resolves.toMatchObject({ email: PUSH_ACCOUNT });
  });
});
