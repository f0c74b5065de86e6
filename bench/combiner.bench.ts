/**
 * Combiner benchmarks (issue 5, Performance), each measured side by side with the 2016 approach
 * (on every notification: list the star's LC/, read every segment, concatenate, overwrite the
 * MLC) on the same data in the same run. 100-point segments, 2 combiner processes over one
 * filesystem bucket, concurrency 32, 20% duplicate deliveries, shuffled.
 *
 *   survey burst   1,000 new segments over 200 stars (5 each), to just-started then to warmed-up replicas (steady state)
 *   hot star       a star whose MLC holds 1,000 segments (100,000 points) receives 100 more
 *   paced load     200 segments/s for 5 s: p50/p99 request latency
 *
 * The combiners run bundled, as in the container image. Storage operations come from their own
 * /metrics (countingObjectStore), RSS from /proc/<pid>/status (VmHWM, the peak resident set).
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { bundleEntry } from "../infra/bundle/bundleService.js";
import { applyChanges } from "../runtime/combiner/applyChanges.js";
import { countingObjectStore, totalOperations } from "../runtime/combiner/countingObjectStore.js";
import { lightCurvePrefix, masterLightCurveName } from "../runtime/core/objectNames.js";
import { FsObjectStore } from "../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../runtime/core/store/objectStore.js";
import { startCombinerProcess, type CombinerProcess } from "../test/runtime/combiner/combinerProcesses.js";
import { deliverAll, percentile, type Delivery } from "../test/runtime/combiner/deliveryClient.js";
import {
  generatedPic,
  generatedSegment,
  generatedSegments,
  seededRandom,
  shuffledWithDuplicates,
  uploadSegments,
  type GeneratedSegment,
} from "../test/runtime/combiner/generatedSegments.js";

const TOKEN = "bench-token-0123456789abcdef";
const POINTS = 100;
const CONCURRENCY = 32;
const DUPLICATES = 0.2;

/** The 2016 combiner for one notification: list, read all, concatenate, overwrite. */
async function combine2016(store: ObjectStore, pic: string): Promise<void> {
  const points: unknown[] = [];
  for await (const { name } of store.listAll(lightCurvePrefix(pic))) {
    points.push(...(JSON.parse((await store.get(name)).data.toString("utf8")) as unknown[]));
  }
  await store.put(masterLightCurveName(pic), Buffer.from(JSON.stringify(points)));
}

interface Baseline {
  perSecond: number;
  opsPerNotification: number;
}

/** Runs the 2016 approach sequentially over (at most `limit` of) the deliveries. */
async function baseline2016(root: string, deliveries: readonly GeneratedSegment[], limit = deliveries.length): Promise<Baseline> {
  const store = countingObjectStore(new FsObjectStore({ root }));
  const sample = deliveries.slice(0, limit);
  const began = performance.now();
  for (const d of sample) await combine2016(store, d.pic);
  const seconds = (performance.now() - began) / 1000;
  return { perSecond: sample.length / seconds, opsPerNotification: totalOperations(store.counts) / sample.length };
}

/** The combiner as the container runs it: bundled by esbuild (infra/bundle), no TypeScript loader. */
let bundle: string | undefined;

async function withReplicas<T>(root: string, replicas: number, run: (combiners: CombinerProcess[]) => Promise<T>): Promise<T> {
  // BENCH_NODE_OPTIONS, e.g. --max-old-space-size=128, shows the effect of heap limits on RSS.
  const env = { PIAA_BUCKET: root, PIAA_COMBINER_TOKEN: TOKEN, NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? "" };
  const combiners = await Promise.all(Array.from({ length: replicas }, () => startCombinerProcess(env, [bundle!])));
  try {
    return await run(combiners);
  } finally {
    await Promise.all(combiners.map((c) => c.stop()));
  }
}

/** Storage operations, CAS conflicts and coalesced batches the combiners report on /metrics. */
async function scrape(combiners: readonly CombinerProcess[]): Promise<{ operations: number; conflicts: number; batches: number }> {
  let operations = 0;
  let conflicts = 0;
  let batches = 0;
  for (const c of combiners) {
    const text = await (await fetch(`${c.url}/metrics`)).text();
    for (const [, value] of text.matchAll(/^piaa_combiner_storage_operations_total\{[^}]*\} (\d+)/gm)) operations += Number(value);
    conflicts += Number(/^piaa_combiner_cas_conflicts_total (\d+)/m.exec(text)?.[1] ?? 0);
    batches += Number(/^piaa_combiner_batch_segments_count (\d+)/m.exec(text)?.[1] ?? 0);
  }
  return { operations, conflicts, batches };
}

async function peakRssMiB(combiners: readonly CombinerProcess[]): Promise<number> {
  let peak = 0;
  for (const c of combiners) {
    const status = await readFile(`/proc/${c.child.pid}/status`, "utf8");
    peak = Math.max(peak, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024);
  }
  return peak;
}

const deliveriesOf = (segments: readonly GeneratedSegment[], seed: number): GeneratedSegment[] =>
  shuffledWithDuplicates(segments, DUPLICATES, seededRandom(seed));
/** What the proxy forwards: a notification always carries the object's generation. */
const requestsOf = (deliveries: readonly GeneratedSegment[], generations: ReadonlyMap<string, string>): Delivery[] =>
  deliveries.map((s) => ({ object: s.object, generation: generations.get(s.object) }));
const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** 1,000 new segments: 5 each for the 200 stars from `firstStar` on. */
const surveySegments = (firstStar: number): GeneratedSegment[] =>
  Array.from({ length: 200 }, (_, s) => generatedPic(firstStar + s)).flatMap((pic) => Array.from({ length: 5 }, (_, k) => generatedSegment(pic, k, POINTS)));

/** Bursts sent between the two measured ones: the JIT's warm-up, not measured. */
const WARM_UP_BURSTS = 3;
/** Steady-state bursts measured after the warm-up (their median is the figure). */
const STEADY_BURSTS = 3;

/**
 * Bursts of 1,000 segments over 200 stars each (other stars each time) to the same two
 * replicas: the first meets freshly started processes, whose JIT has not compiled the hot path
 * yet; after WARM_UP_BURSTS more, the next STEADY_BURSTS are the steady state of a service that
 * has been running (one warm-up burst was not enough: V8 was still optimising the hot path, at
 * about 1.4x the CPU per notification of the steady state). The 2016 approach runs over the
 * first and the last measured burst.
 */
async function surveyBurst(root: string): Promise<void> {
  const bursts = Array.from({ length: 1 + WARM_UP_BURSTS + STEADY_BURSTS }, (_, i) => surveySegments(1 + 1000 * i));
  const generations = new Map<string, string>();
  for (const segments of bursts) for (const [name, generation] of await uploadSegments(new FsObjectStore({ root }), segments)) generations.set(name, generation);
  const deliveries = bursts.map((segments, i) => deliveriesOf(segments, 1 + i));
  const measured = [0, ...Array.from({ length: STEADY_BURSTS }, (_, i) => 1 + WARM_UP_BURSTS + i)];
  const ours = await withReplicas(root, 2, async (combiners) => {
    const results = new Map<number, { perSecond: number; opsPerNotification: number; batches: number; conflicts: number; p99: number }>();
    for (const [i, burst] of deliveries.entries()) {
      const before = await scrape(combiners);
      const report = await deliverAll(requestsOf(burst, generations), { targets: () => combiners.map((c) => c.url), token: TOKEN, concurrency: CONCURRENCY });
      const after = await scrape(combiners);
      if (!measured.includes(i)) continue;
      results.set(i, {
        perSecond: bursts[i]!.length / (report.elapsedMs / 1000),
        opsPerNotification: (after.operations - before.operations) / burst.length,
        batches: after.batches - before.batches,
        conflicts: after.conflicts - before.conflicts,
        p99: percentile(report.latenciesMs, 99),
      });
    }
    return results;
  });
  const first = ours.get(0)!;
  const steady = measured.slice(1).map((i) => ours.get(i)!);
  const median = [...steady].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(steady.length / 2)]!;
  const old = [await baseline2016(root, deliveries[0]!), await baseline2016(root, deliveries.at(-1)!)];
  console.log(`survey burst: 1,000 segments over 200 stars, ${deliveries[0]!.length} deliveries, other stars each burst`);
  const line = (label: string, run: typeof first) =>
    console.log(
      `  ${label.padEnd(14)} combiner ${fmt(run.perSecond, 0)} segments/s, ${fmt(run.opsPerNotification, 2)} storage ops/notification, ` +
        `${run.batches} batches, ${run.conflicts} CAS conflicts, p99 ${fmt(run.p99, 0)} ms`,
    );
  line("just started", first);
  steady.forEach((run, i) => line(`steady ${i + 1}/${steady.length}`, run));
  console.log(`  ${"".padEnd(14)} (steady state: after ${WARM_UP_BURSTS} more bursts; median ${fmt(median.perSecond, 0)} segments/s)`);
  console.log(`  ${"2016".padEnd(14)} ${fmt(old[0]!.perSecond, 0)} and ${fmt(old[1]!.perSecond, 0)} notifications/s (sequential; first and last burst), ${fmt(old[1]!.opsPerNotification, 2)} storage ops/notification`);
  const old2016 = (old[0]!.perSecond + old[1]!.perSecond) / 2;
  console.log(
    `  ${"ratio".padEnd(14)} just started ${fmt(first.perSecond / old2016, 2)}x, steady median ${fmt(median.perSecond / old2016, 2)}x throughput; ` +
      `${fmt(old[1]!.opsPerNotification / median.opsPerNotification, 2)}x fewer storage ops`,
  );
}

/** Delivers `fresh` (with duplicates) to `replicas` combiners: segments/s, ops, conflicts, RSS. */
async function deliverHot(root: string, fresh: readonly GeneratedSegment[], replicas: number, seed: number) {
  const generations = await uploadSegments(new FsObjectStore({ root }), fresh);
  const deliveries = deliveriesOf(fresh, seed);
  const ours = await withReplicas(root, replicas, async (combiners) => {
    const report = await deliverAll(requestsOf(deliveries, generations), { targets: () => combiners.map((c) => c.url), token: TOKEN, concurrency: CONCURRENCY });
    return { report, ...(await scrape(combiners)), rssMiB: await peakRssMiB(combiners) };
  });
  const perSecond = fresh.length / (ours.report.elapsedMs / 1000);
  const opsPerNotification = ours.operations / deliveries.length;
  console.log(
    `  combiner  ${replicas} replica(s): ${fmt(perSecond)} segments/s, ${fmt(opsPerNotification, 2)} storage ops/notification (amortised), ` +
      `${ours.batches} batches, ${ours.conflicts} CAS conflicts, p99 ${fmt(percentile(ours.report.latenciesMs, 99), 0)} ms, peak RSS ${fmt(ours.rssMiB, 0)} MiB`,
  );
  return { perSecond, opsPerNotification, deliveries };
}

async function hotStar(root: string): Promise<void> {
  const pic = generatedPic(9999);
  const history = Array.from({ length: 1000 }, (_, k) => generatedSegment(pic, k, POINTS));
  const store = new FsObjectStore({ root });
  await uploadSegments(store, history);
  await applyChanges(store, pic, history.map((s) => ({ object: s.object, eventType: "OBJECT_FINALIZE" as const })));
  console.log("hot star: MLC of 100,000 points receives 100 segments (120 deliveries)");
  const fresh = (from: number) => Array.from({ length: 100 }, (_, k) => generatedSegment(pic, from + k, POINTS));
  const ours = await deliverHot(root, fresh(1000), 2, 2);
  // The same again with one replica (the MLC now holds 110,000 points): what cross-replica CAS conflicts cost.
  await deliverHot(root, fresh(1100), 1, 4);
  const old = await baseline2016(root, ours.deliveries, 3);
  console.log(`  2016      ${fmt(old.perSecond, 2)} notifications/s (3 measured), ${fmt(old.opsPerNotification, 0)} storage ops/notification`);
  console.log(`  ratio     ${fmt(ours.perSecond / old.perSecond, 1)}x throughput (2 replicas), ${fmt(old.opsPerNotification / ours.opsPerNotification, 0)}x fewer storage ops`);
}

async function pacedLoad(root: string): Promise<void> {
  const segments = generatedSegments(250, 4, POINTS);
  const generations = await uploadSegments(new FsObjectStore({ root }), segments);
  const deliveries = deliveriesOf(segments, 3).slice(0, 1000);
  const ratePerS = 200;
  const report = await withReplicas(root, 2, (combiners) =>
    deliverAll(requestsOf(deliveries, generations), {
      targets: () => combiners.map((c) => c.url),
      token: TOKEN,
      concurrency: 64,
      startAtMs: (i) => (i * 1000) / ratePerS,
    }),
  );
  const p50 = percentile(report.latenciesMs, 50);
  const p99 = percentile(report.latenciesMs, 99);
  console.log(`paced load: ${ratePerS} segments/s for ${fmt(deliveries.length / ratePerS, 0)} s`);
  console.log(`  combiner  p50 ${fmt(p50, 0)} ms, p99 ${fmt(p99, 0)} ms (p99/p50 ${fmt(p99 / p50, 1)}), ${report.attempts - deliveries.length} redeliveries`);
}

export async function run(): Promise<void> {
  const bundleDir = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-combiner-bundle-"));
  bundle = path.join(bundleDir, "main.mjs");
  await bundleEntry("runtime/combiner/main.ts", bundle);
  for (const scenario of [surveyBurst, hotStar, pacedLoad].filter((s) => !process.env.BENCH_ONLY || s.name === process.env.BENCH_ONLY)) {
    // No dirty pages left by the scenario before (the hot star writes ~30 MB) to be written back during this one.
    execFileSync("sync");
    const root = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-combiner-"));
    try {
      await scenario(root);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  await rm(bundleDir, { recursive: true, force: true });
}
