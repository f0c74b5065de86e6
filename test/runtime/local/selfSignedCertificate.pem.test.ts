/**
 * The certificate's PEM text as RFC 7468 §2 requires of generators: the base64 body wrapped in
 * lines of exactly 64 characters, the last one shorter or equal, between the BEGIN and END lines.
 * Node's parser takes one long line too, but stricter readers of Google's certificate document
 * (RFC 7468 §3's "strict" parsers) do not.
 */
import { generateKeyPairSync, X509Certificate } from "node:crypto";
import { expect, it } from "vitest";
import { selfSignedCertificate } from "../../../runtime/local/selfSignedCertificate.js";

it("wraps the base64 body in 64-character lines", () => {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = selfSignedCertificate(publicKey, privateKey, { commonName: "pem.test", notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2026-02-01T00:00:00Z") });
  const lines = pem.split("\n");
  expect(lines[0]).toBe("-----BEGIN CERTIFICATE-----");
  expect(lines.at(-2)).toBe("-----END CERTIFICATE-----");
  expect(lines.at(-1)).toBe("");
  const body = lines.slice(1, -2);
  // A 2048-bit key alone is 256 bytes, so the body takes several lines.
  expect(body.length).toBeGreaterThan(5);
  for (const line of body.slice(0, -1)) expect(line).toMatch(/^[A-Za-z0-9+/]{64}$/);
  expect(body.at(-1)).toMatch(/^[A-Za-z0-9+/]+={0,2}$/);
  expect(body.at(-1)!.length).toBeLessThanOrEqual(64);
  expect(Buffer.from(body.join(""), "base64").equals(new X509Certificate(pem).raw)).toBe(true);
});
