/**
 * What `docker build -f runtime/Dockerfile .` would send, given the repository's .dockerignore
 * (no Docker engine here: the context is listed with Docker's matching rules).
 */
import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
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

describe("the build step of runtime/Dockerfile", () => {
  it("bundles a runnable combiner from the context alone (plus the installed dependencies)", async () => {
    const dockerfile = await readFile(path.join(REPOSITORY_ROOT, "runtime/Dockerfile"), "utf8");
    const run = /^RUN (node .*bundleService\.ts.*) \/out\/main\.mjs$/m.exec(dockerfile);
    expect(run, "the Dockerfile's bundling RUN line").not.toBeNull();
    const context = await mkdtemp(path.join(os.tmpdir(), "piaa-docker-build-"));
    temporary.push(context);
    for (const file of await listDockerContext(REPOSITORY_ROOT)) {
      await mkdir(path.dirname(path.join(context, file)), { recursive: true });
      await cp(path.join(REPOSITORY_ROOT, file), path.join(context, file));
    }
    // Stands in for the image's `npm ci --omit=dev` layer.
    await symlink(path.join(REPOSITORY_ROOT, "node_modules"), path.join(context, "node_modules"));
    const [, ...args] = `${run?.[1] ?? ""} ${path.join(context, "out/main.mjs")}`.split(" ");
    const build = spawnSync(process.execPath, args, { cwd: context, encoding: "utf8", timeout: 60_000 });
    expect(build.stderr).toBe("");
    expect(build.status).toBe(0);
    // Without its token the combiner must refuse to start, naming the variable: proof it runs and reads its config.
    const start = spawnSync(process.execPath, ["main.mjs"], { cwd: path.join(context, "out"), encoding: "utf8", timeout: 20_000, env: { PATH: process.env.PATH ?? "" } });
    expect(start.status).toBe(2);
    expect(start.stderr).toContain("PIAA_COMBINER_TOKEN");
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
