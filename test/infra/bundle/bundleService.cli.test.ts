/**
 * The bundler's command line, as runtime/Dockerfile runs it
 * (`node --import tsx infra/bundle/bundleService.ts <entry.ts> <out.mjs>`): given both arguments it
 * writes one ESM file plain `node` runs (the out path taken from the working directory, the entry
 * from the repository root); given fewer it prints its usage and exits 2, as a Docker build step
 * must fail rather than copy a bundle that was never written. Children run the real script (tsx
 * and esbuild only: a second or two each), so Stryker sees these only in spawned mode.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../../../infra/bundle/bundleService.js";

const SCRIPT = path.join(REPOSITORY_ROOT, "infra/bundle/bundleService.ts");
// `--import tsx` resolves from the working directory, which here is outside the repository.
const TSX = import.meta.resolve("tsx");
const USAGE = "usage: node --import tsx infra/bundle/bundleService.ts <entry.ts> <out.mjs>";
let cwd = "";

function bundler(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ["--import", TSX, SCRIPT, ...args], { cwd, encoding: "utf8", timeout: 30_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), "piaa-bundle-cli-"));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe("bundleService.ts as a command", () => {
  it("bundles the entry (from the repository root) into the out file (from the working directory), which plain node runs", { timeout: 60_000 }, () => {
    const bundled = bundler("test/fixtures/bundle/greeting.ts", "out/greeting.mjs");
    expect(bundled).toMatchObject({ status: 0, stderr: "" });
    const run = spawnSync(process.execPath, [path.join(cwd, "out/greeting.mjs"), "the Dockerfile"], { encoding: "utf8", timeout: 10_000 });
    expect(run.stdout).toBe("bundled greeting for the Dockerfile\n");
  });

  it("given an entry but no out file, prints its usage and exits 2", { timeout: 60_000 }, () => {
    expect(bundler("test/fixtures/bundle/greeting.ts")).toEqual({ status: 2, stdout: "", stderr: `${USAGE}\n` });
  });
});
