/**
 * Per-request delay of the fake GCS server: a log-normal distribution fixed by its median and
 * 99th percentile (a long right tail, as request latencies have), drawn from a seeded generator so
 * that a run can be repeated. The defaults are an assumption for a same-region request of a small
 * object, not a published figure: benchmarks set their own.
 */
import { gaussianNoise } from "../../analysis/gaussianNoise.js";

export interface LatencyModel {
  /** @default 30 */
  medianMs?: number;
  /** At least the median. @default 150 */
  p99Ms?: number;
  /** @default 1 */
  seed?: number;
}

/** The standard normal quantile at 0.99 (Abramowitz & Stegun, table 26.1). */
const Z_99 = 2.3263478740408408;

/** A function that returns the next delay in milliseconds. */
export function latencySampler(model: LatencyModel = {}): () => number {
  const { medianMs = 30, p99Ms = 150, seed = 1 } = model;
  if (!(medianMs > 0) || !(p99Ms >= medianMs)) {
    throw new RangeError(`latency model needs 0 < medianMs <= p99Ms, not medianMs ${medianMs}, p99Ms ${p99Ms}`);
  }
  const sigma = Math.log(p99Ms / medianMs) / Z_99;
  const normal = gaussianNoise(seed);
  return () => medianMs * Math.exp(sigma * normal());
}
