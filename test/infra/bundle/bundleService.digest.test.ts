/**
 * The proxy bundle's sha256 names the App Engine source object it is uploaded as (infra/index.ts
 * `sourceHash`), so a new bundle deploys a new version: it must be taken over every file of the
 * bundle, each with its name. Checked on a real build (a few seconds: the proxy alone, not the
 * combiner of bundleService.test.ts) by recomputing it from the files on disk, and by the digest of
 * no files, which a bundle that hashed nothing would give whatever it held.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProxyBundle, type ProxyBundle } from "../../../infra/bundle/bundleService.js";
import { beforeAllAsTest } from "../../beforeAllAsTest.js";

let dir = "";
let bundle: ProxyBundle;

beforeAllAsTest(
  "builds the proxy bundle",
  async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "piaa-bundle-digest-"));
    bundle = await buildProxyBundle(dir);
  },
  60_000,
);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the proxy bundle's digest", () => {
  it("is the SHA-256 of each of its files' name and contents, in the order listed", async () => {
    const hash = createHash("sha256");
    for (const file of bundle.files) hash.update(file).update("\0").update(await readFile(path.join(bundle.dir, file)));
    expect(bundle.files).toContain("main.mjs");
    expect(bundle.sha256).toBe(hash.digest("hex"));
  });

  it("is not the digest of nothing", () => {
    expect(bundle.sha256).not.toBe(createHash("sha256").digest("hex"));
  });
});
