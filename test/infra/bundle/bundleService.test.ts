/**
 * The proxy's App Engine source and the combiner's image entry are esbuild bundles: built here
 * into a directory outside the repository (so nothing can be resolved from node_modules), started
 * with plain `node` on 127.0.0.1 and asked for /healthz; the proxy also for dashboard pages, which
 * its bundled dashboard worker thread serves from the bucket.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildProxyBundle, bundleEntry, REPOSITORY_ROOT, type ProxyBundle } from "../../../infra/bundle/bundleService.js";
import { scanFile } from "../../../infra/bundle/secretScan.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { AnalysisDocument } from "../../../runtime/analysis/analysisDocument.js";
import { writeSurveyBucket } from "../../runtime/dashboard/surveyBucket.js";
import { beforeAllAsTest } from "../../beforeAllAsTest.js";

const TOKEN = "test-token-not-a-secret-0123456789";
const children: ChildProcess[] = [];
let dir = "";
let bundle: ProxyBundle;
let stars: AnalysisDocument[];

interface StartedBundle {
  port: number;
  /** Everything the process wrote so far. */
  output(): string;
}

/** Starts `node main.mjs` in `cwd` and resolves the port from its "listening" log line. */
function startBundle(cwd: string, env: Record<string, string>): Promise<StartedBundle> {
  const child = spawn(process.execPath, ["main.mjs"], {
    cwd,
    env: { PATH: process.env.PATH ?? "", PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 20 s: ${output}`)), 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /"port":(\d+)[^\n]*listening/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ port: Number(match[1]), output: () => output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

// A build that fails is a failing test, not only skipped ones (see beforeAllAsTest).
beforeAllAsTest(
  "builds the proxy bundle and the combiner's entry",
  async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "piaa-bundle-test-"));
    bundle = await buildProxyBundle(path.join(dir, "proxy"));
    await bundleEntry("runtime/combiner/main.ts", path.join(dir, "combiner", "main.mjs"));
    stars = await writeSurveyBucket(new FsObjectStore({ root: path.join(dir, "bucket") }), 3, 200);
  },
  60_000,
);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("proxy bundle", () => {
  it("holds only the bundle, its dashboard worker beside it and a package.json that starts it and installs only the plot renderer and its fonts", async () => {
    expect((await readdir(bundle.dir)).sort()).toEqual(["dashboardWorker.mjs", "main.mjs", "package.json"]);
    expect([...bundle.files].sort()).toEqual(["dashboardWorker.mjs", "main.mjs", "package.json"]);
    const manifest = JSON.parse(await readFile(path.join(bundle.dir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ type: "module", scripts: { start: "node main.mjs" } });
    const root = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(manifest.dependencies).toEqual({
      "@resvg/resvg-js": root.dependencies["@resvg/resvg-js"],
      "dejavu-fonts-ttf": root.dependencies["dejavu-fonts-ttf"],
    });
    expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  // The digest names the App Engine source object (infra/index.ts `sourceHash`), so a new bundle
  // deploys a new version only if every file, with its name, goes into it.
  it("is named by the SHA-256 of each of its files' name and contents, in the order listed, not the digest of nothing", async () => {
    const hash = createHash("sha256");
    for (const file of bundle.files) hash.update(file).update("\0").update(await readFile(path.join(bundle.dir, file)));
    expect(bundle.sha256).toBe(hash.digest("hex"));
    expect(bundle.sha256).not.toBe(createHash("sha256").digest("hex"));
  });

  it("contains nothing that looks like a secret", async () => {
    for (const file of bundle.files) {
      expect(scanFile(file, await readFile(path.join(bundle.dir, file), "utf8"))).toEqual([]);
    }
  });

  it("starts with plain node (native addon not installed), answers /healthz and serves the dashboard from its worker thread", async () => {
    const { port, output } = await startBundle(bundle.dir, {
      PIAA_PROXY_HOST: "127.0.0.1",
      PIAA_COMBINER_URL: "http://127.0.0.1:9",
      PIAA_COMBINER_TOKEN: TOKEN,
      PIAA_PUSH_AUDIENCE: "piaa-test-push",
      PIAA_PUSH_SERVICE_ACCOUNT: "push-invoker-test@example-project.iam.gserviceaccount.com",
      PIAA_BUCKET: path.join(dir, "bucket"),
    });
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    const dashboard = await fetch(`http://127.0.0.1:${port}/`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get("content-type")).toMatch(/text\/html/);
    expect(await dashboard.text()).toContain("3 of 3 stars");
    const star = encodeURIComponent(stars[0]!.pic);
    const page = await fetch(`http://127.0.0.1:${port}/stars/${star}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(stars[0]!.pic);
    const plot = await fetch(`http://127.0.0.1:${port}/stars/${star}/${stars[0]!.mlcGeneration}/folded.png`);
    expect(plot.status).toBe(200);
    expect(plot.headers.get("content-type")).toBe("image/png");
    // The pages came from the worker, whose log lines carry the proxy's logger settings.
    const ready = output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.message === "dashboard worker ready");
    expect(ready).toMatchObject({ service: "proxy", component: "dashboard", severity: "INFO", thread: expect.any(Number) });
  });
});

describe("combiner bundle (the image's entry point)", () => {
  it("starts with plain node against a filesystem bucket and answers /healthz and /readyz", async () => {
    const { port } = await startBundle(path.join(dir, "combiner"), {
      PIAA_COMBINER_HOST: "127.0.0.1",
      PIAA_BUCKET: path.join(dir, "bucket"),
      PIAA_COMBINER_TOKEN: TOKEN,
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });
});
