/**
 * A self-signed X.509 v3 certificate (RFC 5280 §4.1) for an RSA key, PEM-encoded: what Google
 * serves at https://www.googleapis.com/oauth2/v1/certs for each of its token-signing keys, so the
 * local OIDC issuer can serve the same document. Node verifies and parses certificates but does not
 * make them; the DER needed for one certificate with no extensions is small enough to write here.
 */
import { createSign, randomBytes, type KeyObject } from "node:crypto";

/** sha256WithRSAEncryption, 1.2.840.113549.1.1.11 (RFC 4055 §5), DER-encoded content. */
const SHA256_WITH_RSA = Buffer.from([0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]);
/** id-at-commonName, 2.5.4.3 (RFC 5280 Appendix A). */
const COMMON_NAME = Buffer.from([0x55, 0x04, 0x03]);

export interface CertificateOptions {
  /** Subject and issuer common name. */
  commonName: string;
  notBefore: Date;
  notAfter: Date;
}

/** The PEM certificate of `publicKey`, signed with `privateKey` (its pair). */
export function selfSignedCertificate(publicKey: KeyObject, privateKey: KeyObject, options: CertificateOptions): string {
  const signatureAlgorithm = sequence(tlv(0x06, SHA256_WITH_RSA), tlv(0x05, Buffer.alloc(0)));
  const name = sequence(tlv(0x31, sequence(tlv(0x06, COMMON_NAME), tlv(0x0c, Buffer.from(options.commonName, "utf8")))));
  const tbsCertificate = sequence(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))), // [0] EXPLICIT version v3
    tlv(0x02, positiveSerial()),
    signatureAlgorithm,
    name,
    sequence(time(options.notBefore), time(options.notAfter)),
    name,
    publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = createSign("RSA-SHA256").update(tbsCertificate).sign(privateKey);
  const der = sequence(tbsCertificate, signatureAlgorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const lines = der.toString("base64").match(/.{1,64}/g)!;
  return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
}

/** A DER tag-length-value (X.690 §8.1: definite lengths, long form from 128 bytes). */
function tlv(tag: number, content: Buffer): Buffer {
  const length = content.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), content]);
}

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

/** 16 random bytes, positive (RFC 5280 §4.1.2.2: at most 20 octets, non-negative). */
function positiveSerial(): Buffer {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return serial;
}

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5), to the second. */
function time(date: Date): Buffer {
  const digits = date.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const year = date.getUTCFullYear();
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}
