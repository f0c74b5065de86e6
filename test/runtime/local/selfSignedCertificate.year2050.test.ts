/**
 * RFC 5280 §4.1.2.5: validity dates through 2049 are UTCTime (two-digit years, read as 1950–2049),
 * from 2050 GeneralizedTime. The first second of 2050 is the edge: as UTCTime it would read as 1950.
 */
import { X509Certificate, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { selfSignedCertificate } from "../../../runtime/local/selfSignedCertificate.js";

describe("selfSignedCertificate at the 2050 edge", () => {
  it("keeps 2050-01-01T00:00:00Z a date in 2050, not 1950", () => {
    const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const pem = selfSignedCertificate(publicKey, privateKey, { commonName: "edge", notBefore: new Date("2049-12-31T23:59:59Z"), notAfter: new Date("2050-01-01T00:00:00Z") });
    const certificate = new X509Certificate(pem);
    expect(new Date(certificate.validTo).toISOString()).toBe("2050-01-01T00:00:00.000Z");
    expect(new Date(certificate.validFrom).toISOString()).toBe("2049-12-31T23:59:59.000Z");
  });
});
