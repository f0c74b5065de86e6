import { gaussianNoise } from "./gaussianNoise.js";

/**
 * A ground-based light curve: `nights` windows of `hours` each (starting at 0.1 d into each
 * day listed, or every day), a point every `cadenceDays`, Gaussian noise, and box transits of
 * `depth` and `duration` at `epoch + n·period` (no transit when `period` is absent).
 */
export function nightlySeries(o: { days: readonly number[]; hours: number; cadenceDays: number; noise: number; seed: number; period?: number; epoch?: number; duration?: number; depth?: number }) {
  const noise = gaussianNoise(o.seed);
  const times: number[] = [];
  for (const day of o.days) for (let t = day + 0.1; t < day + 0.1 + o.hours / 24; t += o.cadenceDays) times.push(t);
  const time = Float64Array.from(times);
  const inTransit = (t: number) => {
    if (o.period === undefined) return false;
    const offset = ((((t - o.epoch!) / o.period) % 1) + 1.5) % 1 - 0.5;
    return Math.abs(offset * o.period) < o.duration! / 2;
  };
  const flux = time.map((t) => (inTransit(t) ? 1 - o.depth! : 1) + o.noise * noise());
  return { time, flux, sigma: new Float64Array(time.length).fill(o.noise) };
}

export const everyDay = (n: number): number[] => Array.from({ length: n }, (_, d) => d);
