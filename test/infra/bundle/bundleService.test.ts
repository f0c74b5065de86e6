/**
 * The proxy's App Engine source and the combiner's image entry are single esbuild bundles: built
 * here into a directory outside the repository (so nothing can be resolved from node_modules),
 * started with plain `node` on 127.0.0.1 and asked for /healthz.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProxyBundle, bundleEntry, REPOSITORY_ROOT, type ProxyBundle } from "../../../infra/bundle/bundleService.js";
import { scanFile } from "../../../infra/bundle/secretScan.js";

const TOKEN = "test-token-not-a-secret-0123456789";
const children: ChildProcess[] = [];
let dir = "";
let bundle: ProxyBundle;

/** Starts `node main.mjs` in `cwd` and resolves the port from its "listening" log line. */
function startBundle(cwd: string, env: Record<string, string>): Promise<number> {
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
        resolve(Number(match[1]));
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

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-bundle-test-"));
  bundle = await buildProxyBundle(path.join(dir, "proxy"));
  await bundleEntry("runtime/combiner/main.ts", path.join(dir, "combiner", "main.mjs"));
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await rm(dir, { recursive: true, force: true });
});

describe("proxy bundle", () => {
  it("holds only the bundle and a package.json that starts it and installs only the plot renderer and its fonts", async () => {
    expect((await readdir(bundle.dir)).sort()).toEqual(["main.mjs", "package.json"]);
    const manifest = JSON.parse(await readFile(path.join(bundle.dir, "package.json"), "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ type: "module", scripts: { start: "node main.mjs" } });
    const root = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(manifest.dependencies).toEqual({
      "@resvg/resvg-js": root.dependencies["@resvg/resvg-js"],
      "dejavu-fonts-ttf": root.dependencies["dejavu-fonts-ttf"],
    });
    expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("contains nothing that looks like a secret", async () => {
    for (const file of bundle.files) {
      expect(scanFile(file, await readFile(path.join(bundle.dir, file), "utf8"))).toEqual([]);
    }
  });

  it("starts with plain node (native addon not installed) and answers /healthz and the dashboard", async () => {
    const port = await startBundle(bundle.dir, {
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
  });
});

describe("combiner bundle (the image's entry point)", () => {
  it("starts with plain node against a filesystem bucket and answers /healthz and /readyz", async () => {
    const port = await startBundle(path.join(dir, "combiner"), {
      PIAA_COMBINER_HOST: "127.0.0.1",
      PIAA_BUCKET: path.join(dir, "bucket"),
      PIAA_COMBINER_TOKEN: TOKEN,
    });
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
  });
});
