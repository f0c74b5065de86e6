import { gaussianNoise } from "./gaussianNoise.js";

/** A box transit of `depth` on a flat series sampled every `stepDays` from 0 to `spanDays`. */
export function boxSeries(o: { spanDays: number; stepDays: number; period: number; epoch: number; duration: number; depth: number; noise: number; seed: number }) {
  const noise = gaussianNoise(o.seed);
  const n = Math.round(o.spanDays / o.stepDays) + 1;
  const time = Float64Array.from({ length: n }, (_, i) => i * o.stepDays);
  const flux = time.map((t) => {
    const phase = ((((t - o.epoch) / o.period) % 1) + 1.5) % 1 - 0.5;
    return (Math.abs(phase * o.period) <= o.duration / 2 ? 1 - o.depth : 1) + o.noise * noise();
  });
  return { time, flux, sigma: new Float64Array(n).fill(o.noise) };
}
