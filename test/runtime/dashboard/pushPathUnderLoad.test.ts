/**
 * Dashboard traffic never slows the push path (issue 16): the real proxy server on 127.0.0.1,
 * serving the dashboard from its worker thread over a bucket of 2,000 stars, while 25 clients
 * load star-table pages, star pages, plots and the ECSV and FITS downloads of a 30,000-point MLC,
 * and /healthz and /pubsub/push are sent meanwhile. Asserted without timing: the proxy's main
 * thread does no dashboard work, since every bucket read on it throws meanwhile (the worker has its
 * own store, in its own thread), yet every answer is a 200 and the downloads are exactly what
 * `piaa export` writes. What that is worth in latency and CPU is the bench's (`npm run bench --
 * dashboard`, against the router on the main thread as its baseline): an earlier bound here on the
 * main thread's longest CPU slice failed whenever the machine was loaded twice over.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { formatExport } from "../../../runtime/combiner/exportMasterLightCurve.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { readProxyConfig } from "../../../runtime/proxy/config.js";
import { startDashboardWorker } from "../../../runtime/proxy/dashboardForwarder.js";
import { startProxyServer, type RunningProxy } from "../../../runtime/proxy/server.js";
import { proxyEnvironment, pushAuthorization, pushBody, usePushEdges } from "../proxy/pushFixtures.js";
import { dashboardClients, probeUntil } from "./dashboardLoad.js";
import { writeSurveyBucket } from "./surveyBucket.js";

const logger = createLogger({ service: "test", level: "silent" });
const edges = usePushEdges();
/** Makes every read of a filesystem bucket in this thread throw until restored. */
function refuseBucketReadsInThisThread(): () => void {
  const methods = ["get", "getIfChanged", "stat", "list"] as const;
  const spies = methods.map((method) =>
    vi.spyOn(FsObjectStore.prototype, method).mockImplementation(() => {
      throw new Error(`the proxy's main thread read the bucket (${method})`);
    }),
  );
  return () => {
    for (const spy of spies) spy.mockRestore();
  };
}

describe("the proxy's push path beside dashboard traffic", () => {
  let root: string;
  let store: FsObjectStore;
  let proxy: RunningProxy;
  let base: string;
  let pic: string;
  let generation: string;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-push-load-"));
    store = new FsObjectStore({ root });
    const [large] = await writeSurveyBucket(store, 2000, 30_000);
    ({ pic, mlcGeneration: generation } = large!);
    const config = readProxyConfig({ ...proxyEnvironment(edges), PORT: "0" });
    proxy = await startProxyServer(config, { logger, dashboard: startDashboardWorker(root, logger) });
    base = `http://127.0.0.1:${proxy.port}`;
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await rm(root, { recursive: true, force: true });
  });

  it("does no dashboard work on the main thread while 25 clients load pages, plots and large downloads", async () => {
    const star = encodeURIComponent(pic);
    const pages = ["/", "/?sort=sde&candidates=1&page=7", "/?q=PIC_J01&sort=snr", `/stars/${star}`, `/stars/${star}/${generation}/folded.png`, `/stars/${star}/${generation}/lightcurve.svg`, "/?sort=points&order=asc&page=30"];
    const clients = Array.from({ length: 25 }, (_, k) => (k < 2 ? [`/stars/${star}/export.${k === 0 ? "ecsv" : "fits"}`] : Array.from({ length: 6 }, (_, r) => pages[(k + r) % pages.length]!)));
    expect((await fetch(`${base}/`)).status).toBe(200); // the worker has started and read the index shards

    const restore = refuseBucketReadsInThisThread();
    const downloads = (["ecsv", "fits"] as const).map(async (format) => Buffer.from(await (await fetch(`${base}/stars/${star}/export.${format}`)).arrayBuffer()));
    const load = dashboardClients(base, clients);
    const pushStatuses: number[] = [];
    const probes = await probeUntil(
      async () => {
        pushStatuses.push((await fetch(`${base}/healthz`)).status);
        const push = await fetch(`${base}/pubsub/push`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: pushAuthorization() }, body: pushBody });
        pushStatuses.push(push.status);
        await push.arrayBuffer();
      },
      load,
      2000,
    );
    const answers = await load;
    const bodies = await Promise.all(downloads);
    restore();

    expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    expect(answers).toHaveLength(2 + 23 * 6);
    expect(probes.length).toBeGreaterThan(0);
    expect(pushStatuses.filter((status) => status !== 200)).toEqual([]);

    // Streamed from the worker, the downloads are still exactly what `piaa export` writes.
    const { mlc, generation: mlcGeneration } = await loadMasterLightCurve(store, pic);
    for (const [i, format] of (["ecsv", "fits"] as const).entries()) {
      expect(bodies[i]!.equals(Buffer.from(formatExport(mlc, format, { mlcGeneration })))).toBe(true);
    }
  }, 120_000);
});
