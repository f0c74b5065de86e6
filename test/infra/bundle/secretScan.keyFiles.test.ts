/**
 * Key files as they are really named and written. ssh-keygen writes a private key as id_rsa,
 * id_ecdsa or id_ed25519 and its public half beside it with `.pub` added
 * (https://man.openbsd.org/ssh-keygen.1, FILES): the private one is a secret, the public one is
 * meant to be handed out and must not stop a build. A service-account key is JSON, found by its
 * "type" and "private_key" fields however the JSON is spaced: as Google issues it (two-space
 * indent, https://cloud.google.com/iam/docs/keys-create-delete) or rewritten with spaces around the
 * colons, which JSON allows. Credential text is assembled at run time, so this file holds none.
 */
import { describe, expect, it } from "vitest";
import { scanFile } from "../../../infra/bundle/secretScan.js";

const PEM = `-----BEGIN ${"PRIVATE"} KEY-----\n${"MIIEvQIBADANBgkqhkiG9w0BAQEFAASC".repeat(2)}\n-----END ${"PRIVATE"} KEY-----\n`;
const KEY_FIELDS = {
  type: "service_account",
  project_id: "survey-1",
  private_key_id: "0123456789abcdef0123456789abcdef01234567",
  private_key: PEM,
  client_email: "piaa@survey-1.iam.gserviceaccount.com",
  client_id: "123456789012345678901",
};

function reasons(file: string, contents?: string): string[] {
  return scanFile(file, contents).map((finding) => finding.reason);
}

describe("ssh key files", () => {
  it.each(["id_rsa", "id_ecdsa", "id_ed25519", ".ssh/id_ed25519"])("flags the private key %s by its name", (file) => {
    expect(reasons(file)).toEqual(["file name of a secret"]);
  });

  it.each(["id_rsa.pub", "id_ecdsa.pub", ".ssh/id_ed25519.pub"])("passes the public key %s", (file) => {
    expect(reasons(file, "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBVoh4lM5Y0Qhq1sQ8e5Q8f2n1mZk5a2b3c4d5e6f7g8 ana@example.org\n")).toEqual([]);
  });
});

describe("service-account key JSON", () => {
  it("is found as Google issues it", () => {
    expect(reasons("bundle.mjs", JSON.stringify(KEY_FIELDS, null, 2))).toContain("service-account key JSON");
  });

  it("is found with spaces around its colons", () => {
    const spaced = JSON.stringify(KEY_FIELDS, null, 2).replace(/": /g, '" : ');
    expect(spaced).toContain('"type" : "service_account"');
    expect(reasons("bundle.mjs", spaced)).toContain("service-account key JSON");
  });
});
