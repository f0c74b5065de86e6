/**
 * A last line of defence before code leaves the machine: the proxy bundle and the Docker build
 * context are scanned for files and contents that look like credentials. Patterns are those of
 * well-known credential formats (PEM private keys, service-account key JSON, Google API keys,
 * GitHub and npm tokens) and file names that conventionally hold secrets.
 */
import path from "node:path";

export interface SecretFinding {
  file: string;
  reason: string;
}

const SECRET_FILE_NAMES = [/^\.env(\..*)?$/, /\.pem$/, /\.key$/, /\.p12$/, /^id_(rsa|ed25519|ecdsa)$/, /^\.npmrc$/, /credentials.*\.json$/, /^.*-key\.json$/];

const SECRET_CONTENTS: { pattern: RegExp; reason: string }[] = [
  { pattern: /-----BEGIN (?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=]{40}/, reason: "PEM private key" },
  { pattern: /"type"\s*:\s*"service_account"[\s\S]{0,2000}"private_key"\s*:\s*"-----BEGIN/, reason: "service-account key JSON" },
  { pattern: /AIza[0-9A-Za-z_-]{35}/, reason: "Google API key" },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{36}\b/, reason: "GitHub token" },
  { pattern: /\bnpm_[A-Za-z0-9]{36}\b/, reason: "npm token" },
];

/** Findings for one file given its path (relative) and, if text, its contents. Pure. */
export function scanFile(file: string, contents: string | undefined): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const base = path.posix.basename(file);
  if (SECRET_FILE_NAMES.some((pattern) => pattern.test(base))) findings.push({ file, reason: "file name of a secret" });
  if (contents !== undefined) {
    for (const { pattern, reason } of SECRET_CONTENTS) if (pattern.test(contents)) findings.push({ file, reason });
  }
  return findings;
}

/** Throws naming every finding, so a bundle or image with a secret in it is never shipped. */
export function assertNoSecrets(what: string, findings: SecretFinding[]): void {
  if (findings.length === 0) return;
  const list = findings.map((f) => `${f.file} (${f.reason})`).join(", ");
  throw new Error(`${what} contains what looks like a secret: ${list}`);
}
