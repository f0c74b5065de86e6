import { gaussianNoise } from "./gaussianNoise.js";

/**
 * A ground-based sampling: a PANOPTES unit sees a field only in astronomical night while the star
 * is above 30° (README "Simulator"), about 8 h a night, so a light curve is nightly blocks with
 * 16 h gaps, and some nights are lost to weather. Night k covers [k, k + nightHours/24) days.
 */
export function nightlyTimes(o: { nights: number; nightHours: number; cadenceDays: number; lostNights?: readonly number[] }): Float64Array {
  const lost = new Set(o.lostNights ?? []);
  const perNight = Math.floor(o.nightHours / 24 / o.cadenceDays);
  const times: number[] = [];
  for (let night = 0; night < o.nights; night++) {
    if (lost.has(night)) continue;
    for (let i = 0; i < perNight; i++) times.push(night + i * o.cadenceDays);
  }
  return Float64Array.from(times);
}

/** Box transits of `depth` at `transitTimes` (mid-transit, days) on a flat series with white noise. */
export function withTransits(time: Float64Array, o: { transitTimes: readonly number[]; duration: number; depth: number; noise: number; seed: number }) {
  const noise = gaussianNoise(o.seed);
  const flux = time.map((t) => (o.transitTimes.some((mid) => Math.abs(t - mid) <= o.duration / 2) ? 1 - o.depth : 1) + o.noise * noise());
  return { time, flux, sigma: new Float64Array(time.length).fill(o.noise) };
}

/** Mid-transit times of a period `period` from `epoch`, over [0, spanDays]. */
export function periodicTransits(period: number, epoch: number, spanDays: number): number[] {
  const first = epoch - period * Math.floor(epoch / period);
  return Array.from({ length: Math.floor((spanDays - first) / period) + 1 }, (_, k) => first + k * period);
}

/**
 * A ground-based light curve on chosen days: an `hours` window starting 0.1 d into each day
 * listed, a point every `cadenceDays`, Gaussian noise, and box transits of `depth` and `duration`
 * at `epoch + n·period` (no transit when `period` is absent).
 */
export function nightlySeries(o: { days: readonly number[]; hours: number; cadenceDays: number; noise: number; seed: number; period?: number; epoch?: number; duration?: number; depth?: number }) {
  const times: number[] = [];
  for (const day of o.days) for (let t = day + 0.1; t < day + 0.1 + o.hours / 24; t += o.cadenceDays) times.push(t);
  const time = Float64Array.from(times);
  const span = Math.max(...o.days) + 2;
  // One period before day 0 too: a transit centred just before the first window can reach into it.
  const transitTimes = o.period === undefined ? [] : periodicTransits(o.period, o.epoch!, span + o.period).map((mid) => mid - o.period!);
  return withTransits(time, { transitTimes, duration: o.duration ?? 0, depth: o.depth ?? 0, noise: o.noise, seed: o.seed });
}

export const everyDay = (n: number): number[] => Array.from({ length: n }, (_, d) => d);
