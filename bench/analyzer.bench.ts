/**
 * The analyzer: (1) stars brought up to date per minute per core (refreshStar: read the MLC,
 * analyse, render and store both plots as PNG and SVG, store the analysis and the index row) for
 * MLCs of 1,000 and 100,000 points, next to one plain sort of the same points (the baseline);
 * (2) the peak RSS of the analyzer process (runtime/analyzer/main.ts) analysing a 100,000-point
 * MLC; (3) catching up: a simulated night of 40 units arriving through the local pipeline (proxy,
 * 2 combiners, the analyzer process), and for every star how long after its MLC's last write its
 * analysis was stored, against the debounce interval.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { readStarIndexShard, shardOf } from "../runtime/analysis/starIndex.js";
import { refreshStar } from "../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../runtime/analyzer/starIndexWriter.js";
import { createLogger } from "../runtime/core/logging.js";
import { encodeMasterLightCurve } from "../runtime/core/masterLightCurveCodec.js";
import { masterLightCurveName } from "../runtime/core/objectNames.js";
import { FsObjectStore } from "../runtime/core/store/fsObjectStore.js";
import { simulate } from "../runtime/simulator/simulate.js";
import { ANALYZER_ENTRY, LOCAL_ANALYZER_INTERVAL_MS, startLocalPipeline } from "../runtime/start/localPipeline.js";
import { startServiceProcess } from "../runtime/start/serviceProcess.js";
import { readAnalysisProgress } from "../runtime/start/storedPlots.js";
import { syntheticMasterLightCurve } from "../test/runtime/dashboard/syntheticStars.js";

const logger = createLogger({ service: "bench", level: "silent" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function cpuMs(fn: () => Promise<unknown>): Promise<number> {
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** One camera pair, 100-s exposures: `nights` × 2 × `exposures` points. */
const star = (pic: string, nights: number, exposures: number) =>
  syntheticMasterLightCurve({ pic, nights, exposures, seed: 5, transit: { periodDays: 2.71, firstMidUnixS: Date.UTC(2026, 7, 1, 5) / 1000, durationS: 6600, depth: 0.024 } });

async function throughput(root: string): Promise<void> {
  const store = new FsObjectStore({ root: path.join(root, "throughput") });
  const index = createStarIndexWriter(store);
  for (const [points, nights, exposures, stars] of [[1_000, 5, 100, 6], [100_000, 174, 288, 1]] as const) {
    const pics = Array.from({ length: stars }, (_, i) => `PIC_J0${i}00000+100000`);
    for (const pic of pics) await store.put(masterLightCurveName(pic), encodeMasterLightCurve(star(pic, nights, exposures)));
    const times = Float64Array.from(star(pics[0]!, nights, exposures).points.time);
    const sortMs = await cpuMs(async () => void Float64Array.from(times).reverse().sort());
    const ms = await cpuMs(async () => {
      for (const pic of pics) await refreshStar({ store, index }, pic);
    });
    const perStar = ms / stars;
    console.log(`${String(points).padStart(7)}-point MLC (${times.length}): ${perStar.toFixed(0)} ms CPU per star = ${(60_000 / perStar).toFixed(1)} stars/min/core; one sort of its times ${sortMs.toFixed(2)} ms (×${(perStar / sortMs).toFixed(0)})`);
  }
}

async function peakRss(root: string): Promise<void> {
  const dir = path.join(root, "rss");
  const store = new FsObjectStore({ root: dir });
  const pic = "PIC_J2000437+224239";
  await store.put(masterLightCurveName(pic), encodeMasterLightCurve(star(pic, 174, 288)));
  const analyzer = await startServiceProcess({
    name: "analyzer",
    entry: ANALYZER_ENTRY,
    logFile: path.join(root, "rss-analyzer.log"),
    env: { PIAA_BUCKET: dir, PORT: "0", PIAA_ANALYZER_HOST: "127.0.0.1", LOG_LEVEL: "info" },
  });
  try {
    while ((await readStarIndexShard(store, shardOf(pic))).rows.get(pic)?.status !== "analysed") await sleep(200);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${analyzer.pid}/status`, "utf8"))?.[1];
    console.log(`analyzer process, 100,000-point MLC: peak RSS ${(Number(hwm) / 1024).toFixed(0)} MiB (limit 512 MiB)`);
  } finally {
    await analyzer.stop();
  }
}

/** The catch-up run gives up (printing how far it got) after this long: the bench stays bounded. */
const CATCH_UP_LIMIT_MS = 8 * 60_000;

async function catchUp(root: string): Promise<void> {
  const dir = path.join(root, "night");
  const store = new FsObjectStore({ root: dir });
  const pipeline = await startLocalPipeline({ store, bucketDir: dir, replicas: 2, port: 0, logDir: path.join(root, "night-logs"), logger });
  try {
    const began = performance.now();
    const seconds = () => ((performance.now() - began) / 1000).toFixed(0);
    await simulate({ units: 40, nights: 1 }, store);
    console.log(`40 units × 1 night simulated (uploaded) ${seconds()} s after the start`);
    for (;;) {
      const { stars, done } = await readAnalysisProgress(store);
      const finished = stars > 0 && done.length === stars && pipeline.deliverer.backlog === 0;
      if (finished || performance.now() - began > CATCH_UP_LIMIT_MS) {
        // Filesystem generations are the MLC file's mtime in µs: the time of its last write.
        const lagsMs = done.map((row) => Date.parse(row.analysedAt!) - Number(BigInt(row.mlcGeneration) / 1000n)).sort((a, b) => a - b);
        const at = (p: number) => (lagsMs.length === 0 ? "–" : lagsMs[Math.min(lagsMs.length - 1, Math.floor(p * lagsMs.length))]!.toFixed(0));
        const late = lagsMs.filter((ms) => ms > LOCAL_ANALYZER_INTERVAL_MS).length;
        console.log(
          `${finished ? "all" : `NOT DONE within ${CATCH_UP_LIMIT_MS / 60_000} min:`} ${done.length} of ${stars} stars analysed, ${pipeline.deliverer.stats.delivered} segments delivered, ${seconds()} s after the start; ` +
            `lag from last MLC write to analysis stored: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; ${late} stars more than one debounce interval (${LOCAL_ANALYZER_INTERVAL_MS} ms) behind`,
        );
        return;
      }
      await sleep(250);
    }
  } finally {
    await pipeline.stop();
  }
}

export async function run(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-analyzer-"));
  try {
    // BENCH_ONLY=throughput|peakRss|catchUp runs one part.
    for (const part of [throughput, peakRss, catchUp].filter((p) => !process.env.BENCH_ONLY || p.name === process.env.BENCH_ONLY)) await part(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
