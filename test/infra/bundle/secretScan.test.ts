import { describe, expect, it } from "vitest";
import { assertNoSecrets, scanFile } from "../../../infra/bundle/secretScan.js";

// Shapes of real credentials, assembled at run time so this file itself holds none.
const PEM = `-----BEGIN ${"PRIVATE"} KEY-----\n${"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".repeat(2)}\n`;
const SERVICE_ACCOUNT_KEY = JSON.stringify({ type: "service_account", project_id: "p", private_key: PEM });

describe("scanFile", () => {
  it.each([
    [".env", undefined, "file name of a secret"],
    ["config/.env.production", undefined, "file name of a secret"],
    ["keys/server.pem", undefined, "file name of a secret"],
    ["deploy-key.json", undefined, "file name of a secret"],
    ["main.mjs", PEM, "PEM private key"],
    ["main.mjs", SERVICE_ACCOUNT_KEY, "service-account key JSON"],
    ["main.mjs", `const k = "AIza${"x".repeat(35)}";`, "Google API key"],
    ["main.mjs", `token: ghp_${"a".repeat(36)}`, "GitHub token"],
  ])("flags %s (%s)", (file, contents, reason) => {
    expect(scanFile(file, contents).map((f) => f.reason)).toContain(reason);
  });

  it.each([
    ["main.mjs", 'if (pem.includes("-----BEGIN PRIVATE KEY-----")) parse(pem);'],
    ["package.json", '{"name":"piaa-proxy"}'],
    ["runtime/core/store/gcsObjectStore.ts", "const token = await auth.getAccessToken();"],
  ])("passes %s", (file, contents) => {
    expect(scanFile(file, contents)).toEqual([]);
  });

  it("assertNoSecrets names every finding", () => {
    expect(() => assertNoSecrets("bundle", [{ file: ".env", reason: "file name of a secret" }])).toThrow("bundle contains what looks like a secret: .env");
    expect(() => assertNoSecrets("bundle", [])).not.toThrow();
  });
});
