/**
 * The combiner on Cloud Storage (issue 17): `piaa serve combiner --bucket gs://…` processes
 * against the fake Cloud Storage server run as a process of its own, with Cloud Storage's
 * per-request latency (log-normal, median 30 ms, p99 150 ms), its limit of one write per second
 * to one object name (429 past it) and Object Versioning. For 1 and 2 replicas, each workload runs
 * with the default coalescing window (1 s on gs://) and, as the control, with the window off:
 *
 *   survey burst   SURVEY_STARS stars × 4 new segments each, 20% duplicate deliveries, shuffled
 *   hot star       a star whose MLC holds HOT_HISTORY segments receives HOT_SEGMENTS more
 *
 * Deliveries go out like Pub/Sub push: up to CONCURRENCY in flight, a non-2xx redelivered.
 * Printed per run: throughput, notification-to-durable p50/p99 (a delivery's first attempt to its
 * 2xx, which the combiner sends once the MLC is written), storage requests per notification and
 * 429s answered to MLC writes (from the fake server), non-2xx answers, and the combiners' CPU
 * seconds per 1,000 segments with their share of the wall time (CPU-bound near 100%, waiting
 * on storage far below it). Sizes and latency come from BENCH_GCS_* variables (below).
 */
import { applyChanges } from "../runtime/combiner/applyChanges.js";
import { GcsObjectStore } from "../runtime/core/store/gcsObjectStore.js";
import type { ServiceProcess } from "../test/runtime/serviceProcesses.js";
import { deliverAll, percentile, type DeliveryReport } from "../test/runtime/combiner/deliveryClient.js";
import { generatedPic, generatedSegment, seededRandom, shuffledWithDuplicates, uploadSegments, type GeneratedSegment } from "../test/runtime/combiner/generatedSegments.js";
import { cpuSeconds, runQueueSeconds, startFakeGcsProcess, startGcsCombiner, statsDelta, type FakeGcsProcess } from "./gcsProcesses.js";

const envNumber = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name}=${JSON.stringify(value)} is not a non-negative number`);
  return number;
};

const SURVEY_STARS = envNumber("BENCH_GCS_SURVEY_STARS", 50);
const HOT_HISTORY = envNumber("BENCH_GCS_HOT_HISTORY", 50);
const HOT_SEGMENTS = envNumber("BENCH_GCS_HOT_SEGMENTS", 40);
const CONCURRENCY = envNumber("BENCH_GCS_CONCURRENCY", 128);
const LATENCY_MEDIAN_MS = envNumber("BENCH_GCS_LATENCY_MEDIAN_MS", 30);
const LATENCY_P99_MS = envNumber("BENCH_GCS_LATENCY_P99_MS", 150);
const UNAVAILABLE_RATE = envNumber("BENCH_GCS_UNAVAILABLE_RATE", 0);
const POINTS = 100;
const DUPLICATES = 0.2;
const TOKEN = "bench-token-0123456789abcdef";
/** The bucket deliveryClient names in every notification. */
const BUCKET = "piaa-test";
/** Cloud Storage's write limit per object name (https://cloud.google.com/storage/quotas#objects). */
const MUTATION_INTERVAL_MS = 1000;

export interface RunFigures {
  segments: number;
  deliveries: number;
  wallS: number;
  cpuS: number;
  /** Main threads' time runnable but without a core (the machine's load, not storage). */
  runQueueS: number;
  replicas: number;
  report: DeliveryReport;
  requestsPerNotification: number;
  mlcRateLimited: number;
  preconditionFailures: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sum = (values: Record<string, number>, match: (key: string) => boolean = () => true) =>
  Object.entries(values).reduce((total, [key, value]) => total + (match(key) ? value : 0), 0);

/** Delivers `segments` (uploaded first) to the combiners and measures what it cost them and the server. */
async function measure(gcs: FakeGcsProcess, combiners: readonly ServiceProcess[], segments: readonly GeneratedSegment[], seed: number): Promise<RunFigures> {
  const generations = await uploadSegments(new GcsObjectStore({ bucket: BUCKET, apiEndpoint: gcs.endpoint }), segments);
  const deliveries = shuffledWithDuplicates(segments, DUPLICATES, seededRandom(seed)).map((s) => ({ object: s.object, generation: generations.get(s.object) }));
  const statsBefore = await gcs.stats();
  const cpuBefore = await Promise.all(combiners.map((c) => cpuSeconds(c.child.pid!)));
  const queuedBefore = await Promise.all(combiners.map((c) => runQueueSeconds(c.child.pid!)));
  const report = await deliverAll(deliveries, { targets: () => combiners.map((c) => c.url), token: TOKEN, concurrency: CONCURRENCY, retryDelayMs: 200 });
  const cpuAfter = await Promise.all(combiners.map((c) => cpuSeconds(c.child.pid!)));
  const queuedAfter = await Promise.all(combiners.map((c) => runQueueSeconds(c.child.pid!)));
  const stats = statsDelta(await gcs.stats(), statsBefore);
  return {
    segments: segments.length,
    deliveries: deliveries.length,
    wallS: report.elapsedMs / 1000,
    cpuS: cpuAfter.reduce((total, after, i) => total + after - cpuBefore[i]!, 0),
    runQueueS: queuedAfter.reduce((total, after, i) => total + after - queuedBefore[i]!, 0),
    replicas: combiners.length,
    report,
    requestsPerNotification: sum(stats.answered) / deliveries.length,
    mlcRateLimited: stats.rateLimitedWrites.MLC ?? 0,
    preconditionFailures: sum(stats.answered, (key) => key.endsWith(" 412")),
  };
}

/** Segments of `stars` new stars numbered from `firstStar`, 4 each. */
const surveySegments = (firstStar: number, stars: number): GeneratedSegment[] =>
  Array.from({ length: stars }, (_, s) => generatedPic(firstStar + s)).flatMap((pic) => Array.from({ length: 4 }, (_, k) => generatedSegment(pic, k, POINTS)));

/** A star with an MLC of HOT_HISTORY segments (written by the bench), and HOT_SEGMENTS new ones to deliver. */
async function hotStarSegments(gcs: FakeGcsProcess, starNumber: number): Promise<GeneratedSegment[]> {
  const pic = generatedPic(starNumber);
  const history = Array.from({ length: HOT_HISTORY }, (_, k) => generatedSegment(pic, k, POINTS));
  const store = new GcsObjectStore({ bucket: BUCKET, apiEndpoint: gcs.endpoint });
  await uploadSegments(store, history);
  await applyChanges(store, pic, history.map((s) => ({ object: s.object, eventType: "OBJECT_FINALIZE" as const })));
  // The combiners' first MLC write must not meet the limit because of the bench's own write.
  await sleep(MUTATION_INTERVAL_MS);
  return Array.from({ length: HOT_SEGMENTS }, (_, k) => generatedSegment(pic, HOT_HISTORY + k, POINTS));
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

function line(label: string, run: RunFigures): string {
  const failed = Object.entries(run.report.failures).map(([status, count]) => `${count}× ${status}`).join(", ") || "none";
  const perReplicaWallS = run.wallS * run.replicas;
  return (
    `    ${label.padEnd(10)} ${fmt(run.segments / run.wallS, 1).padStart(6)} segments/s, p50 ${fmt(percentile(run.report.latenciesMs, 50))} ms, ` +
    `p99 ${fmt(percentile(run.report.latenciesMs, 99))} ms, ${fmt(run.requestsPerNotification, 2)} storage requests/notification, ` +
    `${run.mlcRateLimited} MLC 429s, ${run.preconditionFailures} 412s, non-2xx answers: ${failed}; ` +
    `${fmt((run.cpuS / run.segments) * 1000, 1)} CPU s/1,000 segments; per replica CPU ${fmt((100 * run.cpuS) / perReplicaWallS)}% ` +
    `and run queue ${fmt((100 * run.runQueueS) / perReplicaWallS)}% of wall time`
  );
}

/** Runs both workloads against fresh combiners with the default window and with the window off. */
async function compareWindows(gcs: FakeGcsProcess, replicas: number, firstStar: number): Promise<Map<string, RunFigures>> {
  const results = new Map<string, RunFigures>();
  for (const [label, windowMs] of [["window 1 s", undefined], ["window off", 0]] as const) {
    const combiners = await Promise.all(Array.from({ length: replicas }, () => startGcsCombiner(gcs.endpoint, `gs://${BUCKET}`, TOKEN, windowMs)));
    try {
      const offset = firstStar + (windowMs === 0 ? 10_000 : 0);
      results.set(`survey ${label}`, await measure(gcs, combiners, surveySegments(offset, SURVEY_STARS), offset));
      results.set(`hot ${label}`, await measure(gcs, combiners, await hotStarSegments(gcs, offset + 5_000), offset + 1));
    } finally {
      await Promise.all(combiners.map((c) => c.stop()));
    }
  }
  return results;
}

export async function run(): Promise<void> {
  const gcs = await startFakeGcsProcess([
    "--versioned",
    "--mutation-interval-ms", String(MUTATION_INTERVAL_MS),
    "--latency-median-ms", String(LATENCY_MEDIAN_MS),
    "--latency-p99-ms", String(LATENCY_P99_MS),
    "--unavailable-rate", String(UNAVAILABLE_RATE),
  ]);
  console.log(
    `fake Cloud Storage: latency median ${LATENCY_MEDIAN_MS} ms, p99 ${LATENCY_P99_MS} ms, ${UNAVAILABLE_RATE * 100}% 503s, ` +
      `one write per ${MUTATION_INTERVAL_MS} ms per object; deliveries at concurrency ${CONCURRENCY}`,
  );
  const violations: string[] = [];
  try {
    for (const replicas of [1, 2]) {
      const results = await compareWindows(gcs, replicas, 1 + replicas * 100_000);
      console.log(`  ${replicas} replica(s):`);
      console.log(`   survey burst, ${SURVEY_STARS} stars × 4 segments (${results.get("survey window 1 s")!.deliveries} deliveries):`);
      for (const label of ["window 1 s", "window off"]) console.log(line(label, results.get(`survey ${label}`)!));
      console.log(`   hot star, MLC of ${HOT_HISTORY} segments + ${HOT_SEGMENTS} new (${results.get("hot window 1 s")!.deliveries} deliveries):`);
      for (const label of ["window 1 s", "window off"]) console.log(line(label, results.get(`hot ${label}`)!));
      const hot = results.get("hot window 1 s")!;
      const failures = sum(hot.report.failures);
      if (hot.mlcRateLimited > 0 || failures > 0) violations.push(`${replicas} replica(s): ${hot.mlcRateLimited} MLC 429s, ${failures} non-2xx`);
    }
  } finally {
    await gcs.stop();
  }
  console.log(
    violations.length === 0
      ? "  hot star with the default window: 0 MLC 429s and no failed notification, 1 and 2 replicas (holds)"
      : `  hot star with the default window: DOES NOT HOLD: ${violations.join("; ")}`,
  );
  if (violations.length > 0) process.exitCode = 1;
}
