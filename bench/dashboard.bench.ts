/**
 * The dashboard at survey scale: a bucket of 10,000 stars, each with its MLC and a current stored
 * analysis, and the star index. Timed: the first page of the star table, and page 50 sorted by
 * SDE and filtered to candidates, over HTTP on 127.0.0.1 (p95 of 40 requests each), against the
 * baseline of today's approach before issue 16 on the same bucket in its best case (every stored
 * analysis current, so nothing is computed): list MLC/ and read every star's analysis per view.
 * Then the push path: /healthz and /pubsub/push of a proxy app that mounts the dashboard, idle
 * and with 25 page and plot requests in flight (p99).
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { encodeAnalysisDocument, listStars, readStoredAnalysis } from "../runtime/analysis/analysisStore.js";
import type { AnalysisDocument } from "../runtime/analysis/analysisDocument.js";
import { updateStarIndex } from "../runtime/analysis/starIndex.js";
import { analysedRow } from "../runtime/analysis/starIndexRow.js";
import { forEachLimited } from "../runtime/core/forEachLimited.js";
import { createLogger } from "../runtime/core/logging.js";
import { analysisName, masterLightCurveName, plotName } from "../runtime/core/objectNames.js";
import { FsObjectStore } from "../runtime/core/store/fsObjectStore.js";
import { createDashboardRouter } from "../runtime/dashboard/dashboardRouter.js";
import { createCombinerForwarder } from "../runtime/proxy/combinerForwarder.js";
import { createOidcVerifier } from "../runtime/proxy/oidcVerifier.js";
import { createProxyApp } from "../runtime/proxy/proxyApp.js";
import { surveyAnalysis } from "../test/runtime/dashboard/surveyBucket.js";

const STARS = 10_000;
const logger = createLogger({ service: "bench", level: "silent" });

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

async function timedFetch(url: string): Promise<number> {
  const began = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status >= 500) throw new Error(`${url}: ${res.status}`);
  return performance.now() - began;
}

async function writeBucket(store: FsObjectStore): Promise<AnalysisDocument[]> {
  const documents = Array.from({ length: STARS }, (_, i) => surveyAnalysis(i));
  await forEachLimited(documents, 16, async (document) => {
    // The MLC's content does not matter here (only its listing does); its generation is the analysis's.
    const mlc = await store.put(masterLightCurveName(document.pic), Buffer.from("{}"));
    document.mlcGeneration = mlc.generation;
    await store.put(analysisName(document.pic), encodeAnalysisDocument(document));
  });
  await updateStarIndex(store, documents.map((d) => ({ pic: d.pic, row: analysedRow(d) })));
  await store.put(plotName(documents[0]!.pic, documents[0]!.mlcGeneration, "folded", "png"), Buffer.alloc(60_000, 1));
  return documents;
}

/** The star table before issue 16, best case: list the MLCs, read each stored analysis, sort. */
async function todaysTable(store: FsObjectStore): Promise<void> {
  const documents: AnalysisDocument[] = [];
  for (const { pic } of await listStars(store)) documents.push((await readStoredAnalysis(store, pic))!.document!);
  documents.sort((a, b) => (b.bls?.sde ?? 0) - (a.bls?.sde ?? 0));
}

export async function run(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-dashboard-"));
  try {
    const store = new FsObjectStore({ root });
    let began = performance.now();
    const documents = await writeBucket(store);
    console.log(`bucket: ${STARS} stars (MLC, stored analysis, index) written in ${((performance.now() - began) / 1000).toFixed(1)} s`);

    const app = express().use("/", createDashboardRouter({ store, logger }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await timedFetch(`${base}/`); // the first read of the index shards
      const first: number[] = [];
      const page50: number[] = [];
      for (let i = 0; i < 40; i++) {
        first.push(await timedFetch(`${base}/`));
        page50.push(await timedFetch(`${base}/?sort=sde&candidates=1&page=50`));
      }
      const baseline: number[] = [];
      for (let i = 0; i < 2; i++) {
        began = performance.now();
        await todaysTable(store);
        baseline.push(performance.now() - began);
      }
      const base95 = percentile(baseline, 0.95);
      console.log(`baseline (today's approach, all analyses current): p95 ${base95.toFixed(0)} ms per table view (2 views)`);
      for (const [label, times] of [["first page", first], ["page 50, SDE, candidates", page50]] as const) {
        const p95 = percentile(times, 0.95);
        console.log(`${label.padEnd(26)} p95 ${p95.toFixed(1)} ms   ×${(base95 / p95).toFixed(0)} faster than the baseline`);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    // The push path beside dashboard traffic, in one proxy process.
    const proxy = createProxyApp({
      verifier: createOidcVerifier({ audience: "a", serviceAccount: "push@x.iam.gserviceaccount.com", certificates: () => Promise.resolve({}) }),
      forwarder: createCombinerForwarder({ urls: ["http://127.0.0.1:9"], token: "unused-token-0123456789" }),
      logger,
      dashboard: createDashboardRouter({ store, logger }),
    });
    const proxyServer = proxy.listen(0, "127.0.0.1");
    await new Promise((resolve) => proxyServer.once("listening", resolve));
    const proxyBase = `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}`;
    const pushPath = async (): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < 100; i++) {
        times.push(await timedFetch(`${proxyBase}/healthz`));
        const began = performance.now();
        await (await fetch(`${proxyBase}/pubsub/push`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" })).arrayBuffer();
        times.push(performance.now() - began);
      }
      return times;
    };
    try {
      const idle = await pushPath();
      let stop = false;
      const pic = encodeURIComponent(documents[0]!.pic);
      const pages = [`/?sort=sde&candidates=1&page=7`, `/stars/${pic}`, `/stars/${pic}/folded.png`, `/?q=PIC_J01&sort=snr`, "/"];
      const load = Array.from({ length: 25 }, async (_, k) => {
        let served = 0;
        while (!stop) {
          await timedFetch(`${proxyBase}${pages[(k + served) % pages.length]}`);
          served++;
        }
        return served;
      });
      const busy = await pushPath();
      stop = true;
      const served = (await Promise.all(load)).reduce((a, b) => a + b, 0);
      console.log(
        `push path (/healthz + /pubsub/push): p99 idle ${percentile(idle, 0.99).toFixed(1)} ms, with 25 dashboard requests in flight ` +
          `${percentile(busy, 0.99).toFixed(1)} ms (${served} page/plot answers meanwhile)`,
      );
    } finally {
      await new Promise((resolve) => proxyServer.close(resolve));
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
