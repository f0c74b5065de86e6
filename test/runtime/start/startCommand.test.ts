/**
 * `piaa start` as users run it: a real CLI process that starts the proxy and combiner processes,
 * simulates into a fresh bucket and reports a summary; then a second run on the same bucket that
 * continues the network, serves (following new data) until SIGINT and leaves no process behind.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileBucket } from "../../../runtime/combiner/reconcile.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { readAnalysisProgress } from "../../../runtime/start/storedPlots.js";
import { readPipelineStatus } from "../../../runtime/local/pipelineStatus.js";
import type { StartSummary } from "../../../runtime/start/startSummary.js";
import { runPiaa } from "../../piaaCli.js";

/**
 * Each test runs whole CLI processes (proxy, two combiners, the analyzer, the CLI); on a loaded
 * 2-core machine one run can take 80 s, and the serving test runs a simulation on top. A bound,
 * not a goal.
 */
const PROCESS_TEST_TIMEOUT_MS = 180_000;
const PIAA = fileURLToPath(new URL("../../../bin/piaa.js", import.meta.url));
let dir: string;
let bucket: string;

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs `piaa start` with a hard time limit; `onStdout` may act on the output as it arrives. */
function piaaStart(args: string[], onStdout: (text: string, child: ReturnType<typeof spawn>) => void = () => {}): Promise<Run> {
  const child = spawn(process.execPath, [PIAA, "start", "--bucket", bucket, "--units", "1", "--nights", "1", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    onStdout(stdout, child);
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const limit = setTimeout(() => child.kill("SIGKILL"), PROCESS_TEST_TIMEOUT_MS - 5_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(limit);
      resolve({ stdout, stderr, code });
    }),
  );
}

/** Ports the services announced in their logs. */
async function servicePorts(logDir: string): Promise<number[]> {
  const ports: number[] = [];
  for (const file of await readdir(logDir)) {
    for (const line of (await readFile(path.join(logDir, file), "utf8")).split("\n")) {
      const port = /"port":(\d+).*listening"/.exec(line)?.[1];
      if (port) ports.push(Number(port));
    }
  }
  return ports;
}

const refusesConnections = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-start-test-"));
  bucket = path.join(dir, "bucket");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("piaa start", () => {
  it("runs the pipeline on a fresh bucket and prints a correct summary with --exit-when-done --json", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const plotsDir = path.join(dir, "plots-1");
    const run = await piaaStart(["--exit-when-done", "--json", "--logs", path.join(dir, "logs-1"), "--plots", plotsDir]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as StartSummary;
    const status = await readPipelineStatus(openObjectStore(bucket));
    expect(status.pending).toEqual([]);
    expect(summary).toMatchObject({ segments: status.segments, newSegments: status.segments, stars: status.stars, points: status.points, replicas: 2, rejected: [] });
    expect(summary.segments).toBeGreaterThan(0);
    expect(summary.notifications).toBeGreaterThanOrEqual(summary.segments);
    expect(summary.dashboardUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await reconcileBucket(openObjectStore(bucket), { dryRun: true })).fixes).toEqual([]);
    // Every star analysed by the analyzer process (stored under ANALYSIS/, with its index row) and
    // its plots copied out: light curve and folded, PNG and SVG.
    const plots = (await readdir(plotsDir)).sort();
    expect(summary).toMatchObject({ plotsDir, plots: 4 * status.stars });
    expect(plots).toHaveLength(4 * status.stars);
    for (const file of plots.filter((f) => f.endsWith(".png"))) {
      expect((await readFile(path.join(plotsDir, file))).subarray(1, 4).toString()).toBe("PNG");
    }
    const analyses = (await readdir(path.join(bucket, "ANALYSIS"))).filter((f) => f.endsWith(".json"));
    expect(analyses).toHaveLength(status.stars);
    const progress = await readAnalysisProgress(openObjectStore(bucket));
    expect(progress.done.map((row) => row.status)).toEqual(Array(status.stars).fill("analysed"));
    // The per-run bearer secret is never printed.
    expect(run.stdout + run.stderr).not.toMatch(/PIAA_COMBINER_TOKEN|Bearer /);
  });

  it("continues the network on a second run, serves (merging and re-plotting new data) until SIGINT, then stops every service and exits 130", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    const before = await readPipelineStatus(openObjectStore(bucket));
    const logDir = path.join(dir, "logs-2");
    const plotsDir = path.join(dir, "plots-2");
    let dashboard: Promise<{ status: number; html: string }> | undefined;
    let interrupted = false;
    const run = await piaaStart(["--logs", logDir, "--plots", plotsDir], (stdout, child) => {
      const url = /Dashboard: (\S+)/.exec(stdout)?.[1];
      if (stdout.includes("Ctrl-C to stop") && url && !dashboard) {
        // While it serves, the dashboard URL shows the stars; then one more night lands in the bucket.
        dashboard = fetch(url).then(async (res) => ({ status: res.status, html: await res.text() }));
        void dashboard.then(() => runPiaa("simulate", "--bucket", bucket, "--units", "1", "--nights", "1"));
      }
      // Issue 22 item 9: the merge of what landed is said, and its star re-plotted; then Ctrl-C.
      if (/merged new data into PIC_J\S+.*plots refreshed/.test(stdout) && !interrupted) {
        interrupted = true;
        child.kill("SIGINT");
      }
    });
    expect(run.code, run.stdout + run.stderr).toBe(130);
    expect(run.stderr).toMatch(/piaa: interrupted: every service stopped/);
    expect(run.stdout).toMatch(new RegExp(`merged new data into PIC_J\\S+( \\([^)]+\\))?; 4 plots refreshed in ${plotsDir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    const page = await dashboard!;
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/PIC_J\d{6,8}[+-]\d{6,7}/);
    expect(page.html).toMatch(/data-status="analysed"/);
    expect(run.stdout).toMatch(/segments\s+\d+ \(\d+ new\)/);
    expect(run.stdout).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\//);
    const after = await readPipelineStatus(openObjectStore(bucket));
    expect(after.segments).toBeGreaterThan(before.segments);
    expect(after.pending).toEqual([]);
    expect((await reconcileBucket(openObjectStore(bucket), { dryRun: true })).fixes).toEqual([]);
    const ports = await servicePorts(logDir);
    // The proxy, two combiners and the analyzer.
    expect(ports).toHaveLength(4);
    for (const port of ports) expect(await refusesConnections(port)).toBe(true);
  });
});
