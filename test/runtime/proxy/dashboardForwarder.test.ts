/**
 * The dashboard through the proxy's worker thread answers exactly what the router answers in the
 * proxy's own thread: two real proxy servers on 127.0.0.1 over one bucket, one mounting the router
 * in process (as before issue 16's worker), one forwarding to the real dashboard worker
 * (runtime/dashboard/dashboardWorker.ts, from source). Same status, same headers but Date, same
 * bytes: pages, plots (with their ETag and a conditional 304), the downloads, HEAD, the 400s and
 * 404s, a star whose stored analysis is unreadable (its own 500 page), a star whose MLC is
 * unreadable, a table with an unreadable index shard, and a route the dashboard does not have.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStoredAnalysis } from "../../../runtime/analysis/analysisStore.js";
import { shardOf } from "../../../runtime/analysis/starIndex.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { analysisName, starIndexShardName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardRouter } from "../../../runtime/dashboard/dashboardRouter.js";
import { readProxyConfig } from "../../../runtime/proxy/config.js";
import { startDashboardWorker } from "../../../runtime/proxy/dashboardForwarder.js";
import { startProxyServer, type RunningProxy } from "../../../runtime/proxy/server.js";
import { CANDIDATE, PENDING, UNREADABLE_MLC, writeDashboardBucket } from "../dashboard/dashboardBucket.js";
import { DASHBOARD_STARS } from "../dashboard/syntheticStars.js";
import { proxyEnvironment, usePushEdges } from "./pushFixtures.js";

const logger = createLogger({ service: "test", level: "silent" });
const edges = usePushEdges();
let root: string;
let inProcess: RunningProxy;
let throughWorker: RunningProxy;
let paths: string[];

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-forwarder-"));
  const store = new FsObjectStore({ root });
  await writeDashboardBucket(store);
  const unreadable = DASHBOARD_STARS[1]!.pic;
  await store.put(analysisName(unreadable), Buffer.from("{truncated"));
  const lost = PENDING.find((pic) => DASHBOARD_STARS.every((s) => shardOf(s.pic) !== shardOf(pic)))!;
  await store.put(starIndexShardName(shardOf(lost)), Buffer.from("[]"));
  const config = readProxyConfig({ ...proxyEnvironment(edges), PORT: "0" });
  inProcess = await startProxyServer(config, { logger, dashboard: { handler: createDashboardRouter({ store, logger }), close: async () => {} } });
  throughWorker = await startProxyServer(config, { logger, dashboard: startDashboardWorker(root, logger) });
  const star = encodeURIComponent(CANDIDATE);
  const generation = (await readStoredAnalysis(store, CANDIDATE))!.document!.mlcGeneration;
  paths = [
    "/",
    "/?sort=sde&candidates=1",
    "/?sort=points&order=asc&page=2",
    "/?q=HD%20189",
    "/?sort=bogus",
    `/stars/${star}?back=${encodeURIComponent("./?sort=sde&page=2")}`,
    `/stars/${star}/${generation}/folded.png`,
    `/stars/${star}/${generation}/lightcurve.svg`,
    `/stars/${star}/folded.png`,
    `/stars/${star}/export.ecsv`,
    `/stars/${star}/export.fits`,
    `/stars/${star}/orbit.png`,
    `/stars/${star}/1/folded.png`,
    `/stars/${encodeURIComponent(unreadable)}`,
    `/stars/${encodeURIComponent(UNREADABLE_MLC)}`,
    `/stars/${encodeURIComponent(UNREADABLE_MLC)}/export.ecsv`,
    `/stars/${encodeURIComponent(PENDING[0]!)}`,
    `/stars/${encodeURIComponent(PENDING[1]!)}/folded.png`,
    "/stars/PIC_J2359590+000000",
    "/stars/not-a-pic",
    "/favicon.ico",
    "/no/such/page",
  ];
}, 120_000);
afterAll(async () => {
  await Promise.all([inProcess?.close(), throughWorker?.close()]);
  await rm(root, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

async function ask(proxy: RunningProxy, urlPath: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(`http://127.0.0.1:${proxy.port}${urlPath}`, init);
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: [...res.headers].filter(([name]) => name !== "date"), body };
}

describe("the dashboard through the proxy's worker thread", () => {
  it("answers every page, plot, download and error exactly as the router in the proxy's own thread", async () => {
    const statuses: number[] = [];
    for (const urlPath of paths) {
      const expected = await ask(inProcess, urlPath);
      const actual = await ask(throughWorker, urlPath);
      expect({ urlPath, status: actual.status, headers: actual.headers }).toEqual({ urlPath, status: expected.status, headers: expected.headers });
      expect(actual.body.equals(expected.body), urlPath).toBe(true);
      statuses.push(actual.status);
    }
    // The list covers what the comparison is about: successes, client errors, a star's own 500.
    expect(new Set(statuses)).toEqual(new Set([200, 204, 400, 404, 500]));
  });

  it("answers HEAD and conditional requests as the router does", async () => {
    const plot = paths.find((p) => p.endsWith("folded.png"))!;
    const { headers } = await ask(throughWorker, plot);
    // fetch adds `Cache-Control: no-cache` to a conditional request (Fetch standard, HTTP-network-or-cache
    // fetch), which makes it unconditional for express; a header of our own keeps it conditional.
    const conditional = { headers: { "If-None-Match": new Map(headers).get("etag")!, "Cache-Control": "max-age=0" } };
    for (const [urlPath, init] of [
      [plot, conditional],
      ["/", { method: "HEAD" }],
      [paths.find((p) => p.endsWith("export.fits"))!, { method: "HEAD" }],
    ] as const) {
      const expected = await ask(inProcess, urlPath, init);
      expect(await ask(throughWorker, urlPath, init)).toEqual(expected);
    }
    expect((await ask(throughWorker, plot, conditional)).status).toBe(304);
  });
});
