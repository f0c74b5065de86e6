/** One worker of bench/explore.bench.ts: explores seeds `from` .. `from + count - 1`. */
import { parentPort, workerData } from "node:worker_threads";
import { exploreSeed } from "../test/explore/explorer.js";

const { from, count } = workerData as { from: number; count: number };
const hashes: string[] = [];
const failures: { seed: number; failure: string }[] = [];
let steps = 0;
for (let seed = from; seed < from + count; seed++) {
  const result = await exploreSeed(seed);
  hashes.push(result.traceHash);
  steps += result.steps;
  if (result.failure) failures.push({ seed, failure: result.failure });
}
parentPort!.postMessage({ hashes, steps, failures });
