/**
 * What `docker build -f runtime/Dockerfile .` would send, given the repository's .dockerignore
 * (no Docker engine here: the context is listed with Docker's matching rules).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT } from "../../../infra/bundle/bundleService.js";
import { listDockerContext } from "../../../infra/bundle/dockerContext.js";
import { scanFile } from "../../../infra/bundle/secretScan.js";

const temporary: string[] = [];
afterAll(async () => {
  for (const dir of temporary) await rm(dir, { recursive: true, force: true });
});

describe("Docker build context of the repository", () => {
  it("has what the Dockerfile copies and builds from", async () => {
    const files = await listDockerContext(REPOSITORY_ROOT);
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "package-lock.json",
        "tsconfig.json",
        "infra/bundle/bundleService.ts",
        "runtime/combiner/main.ts",
        "runtime/core/store/gcsObjectStore.ts",
      ]),
    );
    const dockerfile = await readFile(path.join(REPOSITORY_ROOT, "runtime/Dockerfile"), "utf8");
    for (const [, source] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const item of (source ?? "").split(" ")) expect(files.some((f) => f === item || f.startsWith(`${item}/`)), item).toBe(true);
    }
  });

  it("leaves out node_modules, data, tests, git, the infrastructure program and anything secret", async () => {
    const files = await listDockerContext(REPOSITORY_ROOT);
    const outside = files.filter((f) => /^(node_modules|piaa-data|test|\.git|bench|policies)\//.test(f) || f.startsWith("infra/components/") || f.endsWith(".test.ts"));
    expect(outside).toEqual([]);
    for (const file of files) {
      expect(scanFile(file, await readFile(path.join(REPOSITORY_ROOT, file), "utf8")), file).toEqual([]);
    }
  });
});

describe("the .dockerignore rules", () => {
  it("exclude secrets and dependencies even inside the allowed directories", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "piaa-context-"));
    temporary.push(root);
    await cp(path.join(REPOSITORY_ROOT, ".dockerignore"), path.join(root, ".dockerignore"));
    const files = [
      "package.json",
      "runtime/combiner/main.ts",
      "runtime/.env",
      "runtime/core/.env.local",
      "runtime/proxy/server.key",
      "runtime/sa-key.json",
      "runtime/node_modules/x/index.js",
      "runtime/piaa-data/MLC/a.json",
      "runtime/core/objectNames.test.ts",
      ".env",
      "secrets/credentials.json",
      "piaa-data/LC/x.json",
      "test/fixtures/a.json",
      "node_modules/express/index.js",
    ];
    for (const file of files) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), "x");
    }
    expect(await listDockerContext(root)).toEqual(["package.json", "runtime/combiner/main.ts"]);
  });
});
