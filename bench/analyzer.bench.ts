/**
 * The analyzer: (1) stars brought up to date per minute per core (refreshStar: read the MLC,
 * analyse, render and store both plots as PNG and SVG, store the analysis and the index row) for
 * MLCs of 1,000 and 100,000 points, next to one plain sort of the same points (the baseline);
 * (2) the peak RSS of the analyzer process (runtime/analyzer/main.ts) analysing a 100,000-point
 * MLC; (3) catching up: a simulated night of 40 units arriving through the local pipeline (proxy,
 * 2 combiners, the analyzer process), and for every star how long after its MLC's last write its
 * analysis was stored, against the debounce interval; (4) the two plots of a 3,000-point and a
 * 100,000-point star: SVG and PNG size and the time to render them (vega SVG, then resvg PNG).
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { bundleEntry, REPOSITORY_ROOT } from "../infra/bundle/bundleService.js";
import { readStarIndexShard, shardOf } from "../runtime/analysis/starIndex.js";
import { availableCores } from "../runtime/core/availableCores.js";
import { analyzeLightCurve } from "../runtime/analysis/analyzeMasterLightCurve.js";
import { renderPlot } from "../runtime/analysis/plots.js";
import type { RenderedChart } from "../runtime/analysis/renderChart.js";
import { refreshStar } from "../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../runtime/analyzer/starIndexWriter.js";
import { createLogger } from "../runtime/core/logging.js";
import { encodeMasterLightCurve } from "../runtime/core/masterLightCurveCodec.js";
import { analysisName, masterLightCurveName, PLOT_KINDS } from "../runtime/core/objectNames.js";
import { FsObjectStore } from "../runtime/core/store/fsObjectStore.js";
import { simulate } from "../runtime/simulator/simulate.js";
import { ANALYZER_ENTRY, LOCAL_ANALYZER_INTERVAL_MS, localAnalyzerThreads, startLocalPipeline } from "../runtime/start/localPipeline.js";
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

/** A running analyzer process: its pid, and how to stop it. */
interface AnalyzerProcess {
  pid: number;
  stop(): Promise<unknown>;
}

/** The analyzer from source through tsx, as `piaa start` runs it. */
const fromSource = (root: string, label: string) => async (env: Record<string, string>): Promise<AnalyzerProcess> =>
  startServiceProcess({ name: "analyzer", entry: ANALYZER_ENTRY, logFile: path.join(root, `rss-${label}.log`), env });

/** The analyzer as its image runs it: `node analyzer.mjs` beside `analysisThread.mjs` (runtime/Dockerfile), bundled here. */
async function bundledAnalyzer(root: string): Promise<(env: Record<string, string>) => Promise<AnalyzerProcess>> {
  const app = path.join(root, "app");
  await mkdir(app, { recursive: true });
  await bundleEntry("runtime/analyzer/main.ts", path.join(app, "analyzer.mjs"));
  await bundleEntry("runtime/analyzer/analysisThread.ts", path.join(app, "analysisThread.mjs"));
  await symlink(path.join(REPOSITORY_ROOT, "node_modules"), path.join(app, "node_modules")); // the image's copy of the external packages
  return async (env) => {
    const child = spawn(process.execPath, ["analyzer.mjs"], { cwd: app, env: { PATH: process.env.PATH ?? "", ...env }, stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    return { pid: child.pid!, stop: () => (child.kill("SIGTERM"), exited) };
  };
}

/** Peak RSS of an analyzer process analysing one 100,000-point MLC with `threads` analysis threads (undefined: its default). */
async function peakRssWith(root: string, label: string, start: (env: Record<string, string>) => Promise<AnalyzerProcess>, threads: number | undefined): Promise<void> {
  const dir = path.join(root, `rss-${label}-${threads ?? "default"}`);
  const store = new FsObjectStore({ root: dir });
  const pic = "PIC_J2000437+224239";
  await store.put(masterLightCurveName(pic), encodeMasterLightCurve(star(pic, 174, 288)));
  const analyzer = await start({ PIAA_BUCKET: dir, PORT: "0", PIAA_ANALYZER_HOST: "127.0.0.1", LOG_LEVEL: "info", ...(threads === undefined ? {} : { PIAA_ANALYZER_THREADS: String(threads) }) });
  try {
    while ((await readStarIndexShard(store, shardOf(pic))).rows.get(pic)?.status !== "analysed") await sleep(200);
    const hwm = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${analyzer.pid}/status`, "utf8"))?.[1];
    const pool = threads === 0 ? "analyses on the event loop (baseline)" : `${threads ?? `default (${availableCores()})`} analysis thread(s)`;
    console.log(`analyzer ${label}, 100,000-point MLC, ${pool}: peak RSS ${(Number(hwm) / 1024).toFixed(0)} MiB (limit 512 MiB)`);
  } finally {
    await analyzer.stop();
  }
}

/** RSS_RUNS=source,bundled picks the builds measured (default both). */
async function peakRss(root: string): Promise<void> {
  const runs = (process.env.RSS_RUNS ?? "source,bundled").split(",");
  if (runs.includes("source")) for (const threads of [0, undefined]) await peakRssWith(root, "from source (tsx)", fromSource(root, `source-${threads}`), threads);
  if (runs.includes("bundled")) {
    const start = await bundledAnalyzer(root);
    for (const threads of [0, undefined]) await peakRssWith(root, "bundled (image)", start, threads);
  }
}

/** The catch-up run gives up (printing how far it got) after this long: the bench stays bounded. */
const CATCH_UP_LIMIT_MS = 8 * 60_000;

/** Filesystem generations are the file's mtime in µs: the time of its write, in ms. */
const writtenMs = (generation: string): number => Number(BigInt(generation) / 1000n);

/** p50, p90 and max of `values`, in whole ms. */
function distribution(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? "–" : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(0));
  return `p50 ${at(0.5)}, p90 ${at(0.9)}, max ${at(1)}`;
}

interface RunLine {
  pic: string;
  generation?: string;
  status?: string;
  heardAt: string;
  debounceMs: number;
  queuedMs: number;
  runMs: number;
}

/**
 * Where each star's lag went, from the analyzer's log lines of its last run (the one that stored
 * the final generation): noticing the MLC write (bucket scan), the debounce, waiting for a free
 * slot, the run itself; and how many runs the star had in all.
 */
async function lagBreakdown(logFile: string, final: Map<string, { writtenMs: number }>): Promise<string> {
  const runs = (await readFile(logFile, "utf8"))
    .split("\n")
    .filter((line) => line.includes('"heardAt"'))
    .map((line) => JSON.parse(line) as RunLine);
  const parts: Record<"notice" | "debounce" | "queued" | "run", number[]> = { notice: [], debounce: [], queued: [], run: [] };
  const counts: number[] = [];
  const stopped: number[] = [];
  for (const [pic, { writtenMs: written }] of final) {
    const own = runs.filter((r) => r.pic === pic);
    counts.push(own.filter((r) => r.status === "analysed").length);
    stopped.push(own.filter((r) => r.status === "superseded").length);
    const last = own.find((r) => r.status === "analysed" && writtenMs(r.generation ?? "0") === written);
    if (!last) continue;
    parts.notice.push(Date.parse(last.heardAt) - written);
    parts.debounce.push(last.debounceMs);
    parts.queued.push(last.queuedMs);
    parts.run.push(last.runMs);
  }
  return Object.entries(parts)
    .map(([part, values]) => `${part} ${distribution(values)}`)
    .concat(`analyses per star ${distribution(counts)}`, `runs stopped as superseded per star ${distribution(stopped)}`)
    .join("; ");
}

/** One simulated night through the local pipeline with `threads` analysis threads (0: on the analyzer's event loop). */
async function catchUpWith(root: string, threads: number): Promise<void> {
  const dir = path.join(root, `night-${threads}`);
  const logDir = path.join(root, `night-${threads}-logs`);
  const store = new FsObjectStore({ root: dir });
  const pipeline = await startLocalPipeline({ store, bucketDir: dir, replicas: 2, port: 0, logDir, logger, analyzerThreads: threads });
  try {
    const began = performance.now();
    const seconds = () => ((performance.now() - began) / 1000).toFixed(0);
    const loadBefore = os.loadavg()[0]!.toFixed(1);
    await simulate({ units: 40, nights: 1 }, store);
    const uploaded = seconds();
    for (;;) {
      const { stars, done } = await readAnalysisProgress(store);
      const finished = stars > 0 && done.length === stars && pipeline.deliverer.backlog === 0;
      if (finished || performance.now() - began > CATCH_UP_LIMIT_MS) {
        const final = new Map<string, { writtenMs: number }>();
        const lagsMs: number[] = [];
        for (const row of done) {
          const written = writtenMs(row.mlcGeneration);
          final.set(row.pic, { writtenMs: written });
          lagsMs.push(writtenMs((await store.stat(analysisName(row.pic))).generation) - written);
        }
        const late = lagsMs.filter((ms) => ms > LOCAL_ANALYZER_INTERVAL_MS).length;
        console.log(
          `${threads === 0 ? "analyses on the event loop" : `${threads} analysis thread(s)`} (load average ${loadBefore} before, ${os.loadavg()[0]!.toFixed(1)} after): uploaded after ${uploaded} s; ` +
            `${finished ? "all" : `NOT DONE within ${CATCH_UP_LIMIT_MS / 60_000} min:`} ${done.length} of ${stars} stars analysed, ${pipeline.deliverer.stats.delivered} segments delivered, ${seconds()} s after the start\n` +
            `  lag from last MLC write to analysis stored, ms: ${distribution(lagsMs)}; ${late} stars more than one debounce interval (${LOCAL_ANALYZER_INTERVAL_MS} ms) behind\n` +
            `  last run, ms: ${await lagBreakdown(path.join(logDir, "analyzer.log"), final)}`,
        );
        return;
      }
      await sleep(250);
    }
  } finally {
    await pipeline.stop();
  }
}

/** CATCH_UP_THREADS (comma-separated; default the baseline and the local default, at least one thread) picks the runs. */
async function catchUp(root: string): Promise<void> {
  const runs = (process.env.CATCH_UP_THREADS ?? `0,${Math.max(1, localAnalyzerThreads())}`).split(",").map(Number);
  for (const threads of runs) await catchUpWith(root, threads);
}

/** Each plot of a 3,000-point star (4 nights of ~10 h) and of a 100,000-point one (174 nights): its size and render time (warm, median of 3). */
async function plots(): Promise<void> {
  for (const [nights, exposures] of [[4, 375], [174, 288]] as const) {
    const analysis = analyzeLightCurve(star("PIC_J0100000+100000", nights, exposures));
    for (const kind of PLOT_KINDS) {
      await renderPlot(kind, "PIC_J0100000+100000", analysis);
      const runs: { ms: number; cpu: number; svg: number; png: number }[] = [];
      for (let i = 0; i < 3; i++) {
        const began = performance.now();
        let chart: RenderedChart | undefined;
        const cpu = await cpuMs(async () => (chart = await renderPlot(kind, "PIC_J0100000+100000", analysis)));
        runs.push({ ms: performance.now() - began, cpu, svg: chart!.svg.length, png: chart!.png.length });
      }
      const median = runs.sort((a, b) => a.ms - b.ms)[1]!;
      console.log(`${String(analysis.timeBjd.length).padStart(7)} points, ${kind.padEnd(10)}: SVG ${(median.svg / 1024).toFixed(0)} KiB, PNG ${(median.png / 1024).toFixed(0)} KiB, render ${median.ms.toFixed(0)} ms (CPU ${median.cpu.toFixed(0)} ms)`);
    }
  }
}

export async function run(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-analyzer-"));
  try {
    // BENCH_ONLY=throughput|peakRss|catchUp|plots runs one part.
    for (const part of [throughput, peakRss, catchUp, plots].filter((p) => !process.env.BENCH_ONLY || p.name === process.env.BENCH_ONLY)) await part(root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
