/**
 * The local OIDC issuer against what Google serves at https://www.googleapis.com/oauth2/v1/certs
 * (a JSON object from key id to a PEM X.509 certificate, cacheable) and against the verifier the
 * proxy uses, google-auth-library's OAuth2Client, fed from the served URL.
 */
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { OAuth2Client } from "google-auth-library";
import { afterEach, describe, expect, it } from "vitest";
import {
  CERTIFICATE_COMMON_NAME,
  createLocalOidcIssuer,
  LOCAL_ISSUER,
  serveCertificates,
  type CertificateServer,
} from "../../../runtime/local/localOidcIssuer.js";
import { selfSignedCertificate } from "../../../runtime/local/selfSignedCertificate.js";

let served: CertificateServer | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const AUDIENCE = "https://proxy.local/v1/notifications";
const PUSHER = "pubsub-push@piaa-local.iam.gserviceaccount.com";

/** The proxy's way of verifying: certificates fetched from the URL, then signature, audience, issuer, expiry. */
async function verifyAsProxyDoes(certsUrl: string, token: string) {
  const client = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } });
  const { certs } = await client.getFederatedSignonCertsAsync();
  const ticket = await client.verifySignedJwtWithCertsAsync(token, certs, AUDIENCE, [LOCAL_ISSUER]);
  return ticket.getPayload();
}

describe("local OIDC issuer certificates", () => {
  it("serves one self-signed X.509 certificate per key id, valid now, whose key checks the issuer's tokens", async () => {
    const issuer = createLocalOidcIssuer();
    served = await serveCertificates(issuer);
    const response = await fetch(served.url);
    expect(response.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const document = (await response.json()) as Record<string, string>;
    expect(Object.keys(document)).toEqual([issuer.keyId]);
    const pem = document[issuer.keyId]!;
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/);
    const certificate = new X509Certificate(pem);
    expect([certificate.subject, certificate.issuer]).toEqual([`CN=${CERTIFICATE_COMMON_NAME}`, `CN=${CERTIFICATE_COMMON_NAME}`]);
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(new Date(certificate.validFrom).getTime()).toBeLessThanOrEqual(Date.now());
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(Date.now() + 86_400_000);
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it("is accepted by google-auth-library, which the proxy verifies with", async () => {
    const issuer = createLocalOidcIssuer();
    served = await serveCertificates(issuer);
    const payload = await verifyAsProxyDoes(served.url, issuer.pushToken(AUDIENCE, PUSHER));
    expect(payload).toMatchObject({ iss: LOCAL_ISSUER, aud: AUDIENCE, email: PUSHER, email_verified: true });
  });

  it("makes google-auth-library refuse tokens of another key, for another audience, or expired", async () => {
    const issuer = createLocalOidcIssuer();
    const stranger = createLocalOidcIssuer();
    served = await serveCertificates(issuer);
    await expect(verifyAsProxyDoes(served.url, stranger.pushToken(AUDIENCE, PUSHER))).rejects.toThrow(/pem/i);
    await expect(verifyAsProxyDoes(served.url, issuer.pushToken("https://elsewhere/", PUSHER))).rejects.toThrow(/audience/i);
    const longAgo = Math.floor(Date.now() / 1000) - 7200;
    const expired = issuer.sign({ iss: LOCAL_ISSUER, aud: AUDIENCE, email: PUSHER, iat: longAgo, exp: longAgo + 3600 });
    await expect(verifyAsProxyDoes(served.url, expired)).rejects.toThrow(/expired|too late/i);
  });
});

describe("selfSignedCertificate", () => {
  it("encodes validity past 2049 as GeneralizedTime and long names with long-form lengths (RFC 5280 §4.1.2.5)", () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const commonName = "x".repeat(300);
    const pem = selfSignedCertificate(publicKey, privateKey, {
      commonName,
      notBefore: new Date("2049-12-31T23:59:59Z"),
      notAfter: new Date("2051-06-01T12:00:00Z"),
    });
    const certificate = new X509Certificate(pem);
    expect(certificate.subject).toBe(`CN=${commonName}`);
    expect(new Date(certificate.validFrom).toISOString()).toBe("2049-12-31T23:59:59.000Z");
    expect(new Date(certificate.validTo).toISOString()).toBe("2051-06-01T12:00:00.000Z");
    expect(certificate.verify(publicKey)).toBe(true);
    expect(BigInt(`0x${certificate.serialNumber}`) > 0n).toBe(true);
  });
});
