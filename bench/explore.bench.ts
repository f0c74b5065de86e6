/**
 * The schedule explorer at scale (issue 14): `npm run bench -- explore` runs 20,000 seeds
 * (EXPLORE_SEEDS to change it; EXPLORE_FIRST_SEED to start elsewhere) over two worker threads,
 * and prints the throughput, how many distinct interleavings it saw (distinct hashes of the
 * schedule trace) and the first failing seeds, each with its replay command.
 */
import os from "node:os";
import { startWorkerThread, workerEntry } from "../runtime/core/workerThread.js";

const SEEDS = Number(process.env.EXPLORE_SEEDS ?? 20_000);
const FIRST = Number(process.env.EXPLORE_FIRST_SEED ?? 1);
const WORKERS = Math.max(1, Math.min(2, os.availableParallelism()));

interface Slice {
  hashes: string[];
  steps: number;
  failures: { seed: number; failure: string }[];
}

function runSlice(from: number, count: number): Promise<Slice> {
  const worker = startWorkerThread(workerEntry(import.meta.url, "exploreWorker"), { workerData: { from, count } });
  return new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
}

export async function run(): Promise<void> {
  const startedAt = performance.now();
  const per = Math.ceil(SEEDS / WORKERS);
  const slices = await Promise.all(Array.from({ length: WORKERS }, (_, w) => runSlice(FIRST + w * per, Math.min(per, SEEDS - w * per))));
  const seconds = (performance.now() - startedAt) / 1000;
  const distinct = new Set(slices.flatMap((s) => s.hashes)).size;
  const steps = slices.reduce((sum, s) => sum + s.steps, 0);
  const failures = slices.flatMap((s) => s.failures).sort((a, b) => a.seed - b.seed);
  console.log(`  seeds ${FIRST}..${FIRST + SEEDS - 1}: ${SEEDS} schedules in ${seconds.toFixed(1)} s on ${WORKERS} worker(s), ${(SEEDS / seconds).toFixed(0)} seeds/s`);
  console.log(`  store calls scheduled: ${steps} (${(steps / SEEDS).toFixed(1)} a seed); distinct interleavings: ${distinct}`);
  console.log(`  contract broken in ${failures.length} seed(s)`);
  for (const { seed, failure } of failures.slice(0, 5)) {
    console.log(`  seed ${seed} (replay: EXPLORE_SEED=${seed} npx vitest run test/explore/explorer.test.ts): ${failure.split("\n")[0]}`);
  }
  if (failures.length > 0) process.exitCode = 1;
}
