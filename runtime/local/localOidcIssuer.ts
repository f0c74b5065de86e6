/**
 * A stand-in for Google's token service in the local pipeline: an RSA key that signs OIDC ID
 * tokens shaped like the ones Pub/Sub attaches to authenticated pushes (RS256, `kid`, iss
 * https://accounts.google.com, aud, email, email_verified, iat, exp), and an HTTP endpoint on
 * 127.0.0.1 serving its self-signed X.509 certificate the way
 * https://www.googleapis.com/oauth2/v1/certs does (a JSON map from key id to PEM certificate,
 * with Cache-Control max-age). The proxy is pointed at that URL and verifies exactly as in the cloud.
 */
import { createSign, generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { selfSignedCertificate } from "./selfSignedCertificate.js";

export const LOCAL_ISSUER = "https://accounts.google.com";
/** Google's ID tokens live one hour. */
export const TOKEN_LIFETIME_S = 3600;
/** The subject of Google's token-signing certificates at https://www.googleapis.com/oauth2/v1/certs. */
export const CERTIFICATE_COMMON_NAME = "federated-signon.system.gserviceaccount.com";
/** Google's signing certificates are valid for about two weeks; the local key lives as long as the process. */
const CERTIFICATE_VALIDITY_MS = 14 * 86_400_000;

export interface IdTokenClaims {
  iss?: string;
  aud: string;
  email?: string;
  email_verified?: boolean;
  sub?: string;
  iat?: number;
  exp?: number;
}

export interface LocalOidcIssuer {
  readonly keyId: string;
  /** The certificate document: key id → PEM X.509 certificate. */
  certificates(): Record<string, string>;
  /** Signs claims as given, so tests can also make expired or foreign tokens. */
  sign(claims: IdTokenClaims): string;
  /** A valid push token for `audience` and `email`, fresh for TOKEN_LIFETIME_S. */
  pushToken(audience: string, email: string): string;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString("base64url");

export function createLocalOidcIssuer(now = new Date()): LocalOidcIssuer {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyId = randomBytes(20).toString("hex");
  // Valid from a minute back, so a verifier whose clock is a little behind still accepts it.
  const certificate = selfSignedCertificate(publicKey, privateKey, {
    commonName: CERTIFICATE_COMMON_NAME,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + CERTIFICATE_VALIDITY_MS),
  });
  const sign = (claims: IdTokenClaims): string => {
    const header = base64url(JSON.stringify({ alg: "RS256", kid: keyId, typ: "JWT" }));
    const payload = base64url(JSON.stringify(claims));
    const signature = createSign("RSA-SHA256").update(`${header}.${payload}`).sign(privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  };
  return {
    keyId,
    certificates: () => ({ [keyId]: certificate }),
    sign,
    pushToken(audience, email) {
      const now = Math.floor(Date.now() / 1000);
      return sign({ iss: LOCAL_ISSUER, aud: audience, email, email_verified: true, sub: email, iat: now, exp: now + TOKEN_LIFETIME_S });
    },
  };
}

export interface CertificateServer {
  /** URL to give the proxy as its certificate endpoint. */
  url: string;
  close(): Promise<void>;
}

/** Serves the issuer's certificates on 127.0.0.1 (ephemeral port unless `port` is given). */
export async function serveCertificates(issuer: LocalOidcIssuer, port = 0): Promise<CertificateServer> {
  const body = JSON.stringify(issuer.certificates());
  const server = http.createServer((req, res) => {
    if (req.method !== "GET") {
      res.writeHead(405).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=3600" }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/oauth2/v1/certs`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
