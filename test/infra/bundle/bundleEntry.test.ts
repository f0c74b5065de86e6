/**
 * bundleEntry in process on a tiny entry that imports Node built-ins and reads import.meta.url, as the services do:
 * the bundle must be one ESM file plain `node` runs, its built-ins left to Node. (bundleService.test.ts
 * builds the real proxy bundle, but in beforeAll, where a failed build skips its tests and a mutation
 * run reads the skip as a pass; here the build is the test.)
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bundleEntry } from "../../../infra/bundle/bundleService.js";

describe("bundleEntry", () => {
  it("bundles an entry that imports node:fs and node:os and reads import.meta.url into one ES module plain node runs", { timeout: 30_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "piaa-bundle-entry-"));
    try {
      await writeFile(path.join(dir, "note.txt"), "a light curve\n");
      await bundleEntry("test/fixtures/bundle/builtins.ts", path.join(dir, "out", "builtins.mjs"));
      expect(await readdir(path.join(dir, "out"))).toEqual(["builtins.mjs"]);
      const run = spawnSync(process.execPath, [path.join(dir, "out", "builtins.mjs"), path.join(dir, "note.txt")], { encoding: "utf8", timeout: 10_000 });
      expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 0, stdout: `a light curve read through node:fs by builtins.mjs${os.EOL}`, stderr: "" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
