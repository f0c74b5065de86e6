/**
 * The dashboard at survey scale: a bucket of 10,000 stars, each with its MLC and a current stored
 * analysis, and the star index. Timed: the first page of the star table, and page 50 sorted by
 * SDE and filtered to candidates, over HTTP on 127.0.0.1 (p95 of 40 requests each), against the
 * baseline of today's approach before issue 16 on the same bucket in its best case (every stored
 * analysis current, so nothing is computed): list MLC/ and read every star's analysis per view.
 *
 * Then the push path (pushPath.ts): the proxy as deployed, its App Engine bundle run by node in
 * a process of its own, the dashboard on its worker thread; against the baseline of the same
 * proxy with the dashboard router on its own event loop (inProcessDashboardProxy.ts, bundled
 * alike), measured in the same run.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import { listStars, readStoredAnalysis } from "../runtime/analysis/analysisStore.js";
import type { AnalysisDocument } from "../runtime/analysis/analysisDocument.js";
import { createLogger } from "../runtime/core/logging.js";
import { FsObjectStore } from "../runtime/core/store/fsObjectStore.js";
import { createDashboardRouter } from "../runtime/dashboard/dashboardRouter.js";
import { percentile } from "../test/runtime/dashboard/dashboardLoad.js";
import { writeSurveyBucket } from "../test/runtime/dashboard/surveyBucket.js";
import { pushPathFigures } from "./pushPath.js";

const STARS = 10_000;
/** Star 0's MLC, downloaded during the push-path measurement. */
const LARGE_POINTS = 100_000;
const logger = createLogger({ service: "bench", level: "silent" });


async function timedFetch(url: string): Promise<number> {
  const began = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  if (res.status >= 500) throw new Error(`${url}: ${res.status}`);
  return performance.now() - began;
}

/** The star table before issue 16, best case: list the MLCs, read each stored analysis, sort. */
async function todaysTable(store: FsObjectStore): Promise<void> {
  const documents: AnalysisDocument[] = [];
  for (const { pic } of await listStars(store)) documents.push((await readStoredAnalysis(store, pic))!.document!);
  documents.sort((a, b) => (b.bls?.sde ?? 0) - (a.bls?.sde ?? 0));
}

/** The star table's p95 (first page; page 50 sorted by SDE, candidates only) against today's approach. */
async function starTableFigures(base: string, store: FsObjectStore): Promise<void> {
  await timedFetch(`${base}/`); // the first read of the index shards
  const first: number[] = [];
  const page50: number[] = [];
  for (let i = 0; i < 40; i++) {
    first.push(await timedFetch(`${base}/`));
    page50.push(await timedFetch(`${base}/?sort=sde&candidates=1&page=50`));
  }
  const baseline: number[] = [];
  for (let i = 0; i < 2; i++) {
    const began = performance.now();
    await todaysTable(store);
    baseline.push(performance.now() - began);
  }
  const base95 = percentile(baseline, 0.95);
  console.log(`baseline (today's approach, all analyses current): p95 ${base95.toFixed(0)} ms per table view (2 views)`);
  for (const [label, times] of [["first page", first], ["page 50, SDE, candidates", page50]] as const) {
    const p95 = percentile(times, 0.95);
    console.log(`${label.padEnd(26)} p95 ${p95.toFixed(1)} ms   ×${(base95 / p95).toFixed(0)} faster than the baseline`);
  }
}

export async function run(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-dashboard-"));
  try {
    const store = new FsObjectStore({ root });
    // BENCH_ONLY=pushPath: the push-path part alone, over 2,000 stars (a shorter run).
    const pushPathOnly = process.env.BENCH_ONLY === "pushPath";
    const stars = pushPathOnly ? 2_000 : STARS;
    const began = performance.now();
    const documents = await writeSurveyBucket(store, stars, LARGE_POINTS);
    console.log(`bucket: ${stars} stars (MLC, stored analysis, index) written in ${((performance.now() - began) / 1000).toFixed(1)} s`);

    const app = express().use("/", createDashboardRouter({ store, logger }));
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      if (!pushPathOnly) await starTableFigures(base, store);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    await pushPathFigures(root, documents[0]!, LARGE_POINTS);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
