/**
 * The proxy's dashboard worker thread through its life (dashboardThread.ts, proxy/dashboardForwarder.ts),
 * on the real proxy server on 127.0.0.1: it listens once the worker is ready, or without it after
 * the wait (pushes are answered, dashboard requests wait for the worker); a crashed worker gives dashboard
 * requests a 503 naming it and comes back after its backoff while pushes go on; the drain
 * waits for a dashboard answer in flight before the worker is terminated. The worker is the real
 * dashboard app and protocol plus the controls of test/fixtures/workers/controlledDashboardWorker.ts,
 * bundled once as the App Engine source bundles its worker: started from source, each of the seven
 * workers here would spend seconds of CPU compiling the dashboard under tsx.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bundleEntry } from "../../../infra/bundle/bundleService.js";
import type { BackoffOptions } from "../../../runtime/core/backoff.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { readProxyConfig } from "../../../runtime/proxy/config.js";
import { startDashboardWorker } from "../../../runtime/proxy/dashboardForwarder.js";
import { startProxyServer, type RunningProxy } from "../../../runtime/proxy/server.js";
import { proxyEnvironment, pushAuthorization, pushBody, usePushEdges } from "../proxy/pushFixtures.js";

const logger = createLogger({ service: "test", level: "silent" });
const edges = usePushEdges();
let bundleDir: string;
let entry: URL;
beforeAll(async () => {
  bundleDir = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-worker-bundle-"));
  const bundled = path.join(bundleDir, "controlledDashboardWorker.mjs");
  await bundleEntry(fileURLToPath(new URL("../../fixtures/workers/controlledDashboardWorker.ts", import.meta.url)), bundled);
  entry = pathToFileURL(bundled);
}, 60_000);
afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
});
/** Bounds on polling loops (each step is one request), not timings. */
const MAX_POLLS = 400;

let bucket: string;
let proxy: RunningProxy | undefined;
beforeEach(async () => {
  bucket = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-thread-"));
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await rm(bucket, { recursive: true, force: true });
});

async function startProxy(options: { restartBackoff?: BackoffOptions; startWaitMs?: number } = {}): Promise<string> {
  const config = readProxyConfig({ ...proxyEnvironment(edges), PORT: "0" });
  proxy = await startProxyServer(config, { logger, dashboard: startDashboardWorker(bucket, logger, { entry, ...options }) });
  return `http://127.0.0.1:${proxy.port}`;
}

/** /healthz and a valid push, as Pub/Sub sends it: both statuses. */
async function pushPath(base: string): Promise<number[]> {
  const health = await fetch(`${base}/healthz`);
  await health.arrayBuffer();
  const push = await fetch(`${base}/pubsub/push`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: pushAuthorization() }, body: pushBody });
  await push.arrayBuffer();
  return [health.status, push.status];
}

async function answer(url: string): Promise<{ status: number; retryAfter: string | null; body: string }> {
  const res = await fetch(url);
  return { status: res.status, retryAfter: res.headers.get("retry-after"), body: await res.text() };
}

/** Asks `url` until `done` holds for the answer (at most MAX_POLLS times, 20 ms apart). */
async function pollUntil(url: string, done: (a: Awaited<ReturnType<typeof answer>>) => boolean): Promise<Awaited<ReturnType<typeof answer>>> {
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const current = await answer(url);
    if (done(current)) return current;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${url}: no such answer after ${MAX_POLLS} polls`);
}

describe("the proxy's dashboard worker", () => {
  it("listens once the worker is ready, so its first page needs no wait", async () => {
    await writeFile(path.join(bucket, ".hold-start"), "");
    let listening = false;
    const starting = startProxy().then((base) => {
      listening = true;
      return base;
    });
    while (!existsSync(path.join(bucket, ".holding"))) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(listening).toBe(false);
    await rm(path.join(bucket, ".hold-start"));
    const base = await starting;
    const { status, body } = await answer(`${base}/`);
    expect(status).toBe(200);
    expect(body).toContain("0 of 0 stars");
  });

  it("listens without a worker that does not start within the wait: pushes are answered, pages get a 503 naming it until it is up", async () => {
    await writeFile(path.join(bucket, ".hold-start"), "");
    const base = await startProxy({ startWaitMs: 100 });
    expect(await pushPath(base)).toEqual([200, 200]);
    const { status, retryAfter, body } = await answer(`${base}/`);
    expect(status).toBe(503);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(body)).toMatchObject({ error: "DependencyUnavailableError", object: "dashboard worker", message: expect.stringMatching(/still starting/) });
    expect(await pushPath(base)).toEqual([200, 200]);
    await rm(path.join(bucket, ".hold-start"));
    expect((await pollUntil(`${base}/`, (a) => a.status === 200)).body).toContain("0 of 0 stars");
  });

  it("after a crash answers 503 with the restart's Retry-After until the worker is back, while pushes go on", async () => {
    const base = await startProxy({ restartBackoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    expect((await answer(`${base}/`)).status).toBe(200);
    const inFlight = await answer(`${base}/crash`);
    expect(inFlight.status).toBe(503);
    expect(JSON.parse(inFlight.body)).toMatchObject({ error: "DependencyUnavailableError", object: "dashboard worker" });
    const restarting = await pollUntil(`${base}/`, (a) => a.body.includes("restarts"));
    expect(restarting.status).toBe(503);
    expect(JSON.parse(restarting.body).message).toMatch(/^dashboard worker unavailable: it stopped \(exit code 70\) and restarts$/);
    expect(Number(restarting.retryAfter)).toBeGreaterThan(30);
    expect(Number(restarting.retryAfter)).toBeLessThanOrEqual(60);
    expect(await pushPath(base)).toEqual([200, 200]);
  });

  it("starts the worker again after each crash, and its pages come back", async () => {
    const base = await startProxy({ restartBackoff: { baseDelayMs: 20, maxDelayMs: 40 } });
    const before = await answer(`${base}/`);
    for (let crash = 0; crash < 2; crash++) {
      expect((await answer(`${base}/crash`)).status).toBe(503);
      const after = await pollUntil(`${base}/`, (a) => a.status !== 503);
      expect(after).toEqual(before);
      expect(await pushPath(base)).toEqual([200, 200]);
    }
  });

  it("drains: a dashboard answer in flight is finished before the worker is terminated", async () => {
    const base = await startProxy();
    const res = await fetch(`${base}/slow`);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("first line\n");
    const events: string[] = [];
    const closing = proxy!.close().then((drained) => events.push(`closed ${drained}`));
    await writeFile(path.join(bucket, ".release"), "");
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    events.push("answered");
    await closing;
    expect(rest).toBe("last line\n");
    expect(events).toEqual(["answered", "closed true"]);
    await expect(fetch(`${base}/`)).rejects.toThrow();
  });
});
