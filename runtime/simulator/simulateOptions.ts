/**
 * The options of a simulation run and their validation, done before anything touches the bucket:
 * every mistake is a UsageError whose message names the option, the value and what is accepted.
 */
import { UsageError } from "../core/commandLine.js";
import { CATALOG, findStars, type CatalogStar } from "../core/catalog.js";
import { MAX_UNITS } from "./network.js";

/** The first night of a default run on an empty bucket: fixed, so the default run is reproducible. */
export const DEFAULT_START = "2026-08-01";
export const DEFAULT_UNITS = 4;
export const DEFAULT_NIGHTS = 3;
export const DEFAULT_SEED = "2016";
export const DEFAULT_CONCURRENCY = 8;
const MAX_NIGHTS = 366;
const MAX_CONCURRENCY = 256;

/** As given by a caller (the CLI or `piaa start`); everything optional except what has defaults. */
export interface SimulateOptions {
  /** Size of the network after the run (units are added, never removed). */
  units?: number;
  nights?: number;
  /** First night, YYYY-MM-DD (UTC date of the local evening). Default: after the bucket's data, else DEFAULT_START. */
  start?: string;
  /** Last night, YYYY-MM-DD, instead of `nights`. */
  end?: string;
  seed?: string;
  /** Catalog ids or PIC ids; default the whole catalog. */
  stars?: readonly string[];
  concurrency?: number;
  /** Generate and count, upload nothing. */
  dryRun?: boolean;
}

export interface ResolvedOptions {
  units: number;
  nights?: number;
  startDayS?: number;
  endDayS?: number;
  seed: string;
  stars: CatalogStar[];
  concurrency: number;
  dryRun: boolean;
}

const DAY_S = 86_400;

/** Unix seconds of 00:00 UTC of a YYYY-MM-DD date, or a UsageError naming the option. */
export function parseDay(option: string, text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new UsageError(`${option} must be a date like 2026-08-01 (got ${JSON.stringify(text)})`);
  }
  return ms / 1000;
}

export const formatDay = (dayS: number): string => new Date(dayS * 1000).toISOString().slice(0, 10);

function integerIn(option: string, value: number | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${option} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  }
  return value;
}

export function resolveOptions(options: SimulateOptions): ResolvedOptions {
  const units = integerIn("--units", options.units, 1, MAX_UNITS) ?? DEFAULT_UNITS;
  const nights = integerIn("--nights", options.nights, 1, MAX_NIGHTS);
  const concurrency = integerIn("--concurrency", options.concurrency, 1, MAX_CONCURRENCY) ?? DEFAULT_CONCURRENCY;
  const startDayS = options.start === undefined ? undefined : parseDay("--start", options.start);
  const endDayS = options.end === undefined ? undefined : parseDay("--end", options.end);
  if (nights !== undefined && endDayS !== undefined) throw new UsageError("give --nights or --end, not both");
  if (startDayS !== undefined && endDayS !== undefined && endDayS < startDayS) {
    throw new UsageError(`--end ${options.end} is before --start ${options.start}`);
  }
  if (endDayS !== undefined && (endDayS - (startDayS ?? endDayS)) / DAY_S + 1 > MAX_NIGHTS) {
    throw new UsageError(`--start to --end spans more than ${MAX_NIGHTS} nights`);
  }
  const seed = options.seed ?? DEFAULT_SEED;
  if (seed.length === 0) throw new UsageError("--seed must not be empty");
  const wanted = options.stars ?? CATALOG.map((s) => s.id);
  const { stars, unknown } = findStars(wanted);
  if (unknown.length > 0) {
    const known = CATALOG.map((s) => `${s.id} (${s.pic})`).join(", ");
    throw new UsageError(`unknown star${unknown.length > 1 ? "s" : ""} ${unknown.map((s) => JSON.stringify(s)).join(", ")}; known: ${known}`);
  }
  if (stars.length === 0) throw new UsageError("--stars names no star");
  return { units, nights, startDayS, endDayS, seed, stars, concurrency, dryRun: options.dryRun ?? false };
}

/**
 * The nights of the run: `start` as given, else the night after the bucket's latest one (so a
 * continued bucket neither re-observes nor skips a night), else DEFAULT_START; then `nights` or
 * up to `end`.
 */
export function resolveNights(options: ResolvedOptions, latestNightS: number | undefined): { firstDayS: number; nights: number } {
  const firstDayS =
    options.startDayS ??
    (latestNightS === undefined ? parseDay("--start", DEFAULT_START) : latestNightS + DAY_S);
  if (options.endDayS === undefined) return { firstDayS, nights: options.nights ?? DEFAULT_NIGHTS };
  if (options.endDayS < firstDayS) {
    throw new UsageError(`--end ${formatDay(options.endDayS)} is before the first night ${formatDay(firstDayS)} (after the data already in the bucket)`);
  }
  return { firstDayS, nights: (options.endDayS - firstDayS) / DAY_S + 1 };
}
