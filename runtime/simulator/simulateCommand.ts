/**
 * `piaa simulate`: runs the simulator against the bucket (design §7). A progress bar on a TTY
 * (stderr), then one summary line, or the summary object with `--json`.
 */
import type { Command } from "commander";
import { jsonOption, piaaCommand, positiveInteger, UsageError } from "../core/commandLine.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { CATALOG } from "../core/catalog.js";
import { simulate, type SimulateProgress, type SimulateSummary } from "./simulate.js";
import { DEFAULT_CONCURRENCY, DEFAULT_NIGHTS, DEFAULT_SEED, DEFAULT_START, DEFAULT_UNITS } from "./simulateOptions.js";

interface CommandOptions {
  bucket: string;
  units?: number;
  nights?: number;
  start?: string;
  end?: string;
  seed?: string;
  stars?: string;
  concurrency?: number;
  dryRun?: boolean;
  json?: boolean;
}

const BAR_WIDTH = 30;
const REDRAW_MS = 100;

/** A progress reporter drawing `[#####-----] 12/40 objects 1.2 MB` on a TTY; silent elsewhere. */
export function progressBar(stream: NodeJS.WriteStream): { update: (p: SimulateProgress) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  const draw = (p: SimulateProgress): void => {
    const filled = p.objectsTotal === 0 ? BAR_WIDTH : Math.round((BAR_WIDTH * p.objectsDone) / p.objectsTotal);
    stream.write(`\r[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${p.objectsDone}/${p.objectsTotal} objects ${formatBytes(p.bytes)}`);
  };
  return {
    update: (p) => {
      const now = Date.now();
      if (now - last < REDRAW_MS && p.objectsDone < p.objectsTotal) return;
      last = now;
      draw(p);
    },
    done: () => stream.write("\r\x1b[K"),
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** The one-line summary: segments, points, bytes, seconds. */
export function summaryLine(s: SimulateSummary): string {
  const what = s.dryRun ? "dry run: would upload" : "uploaded";
  const kept = s.kept > 0 ? `, ${s.kept} already there and kept` : "";
  return (
    `${what} ${s.segments} segments (${s.points} points, ${s.objects} objects${kept}, ${formatBytes(s.bytes)}) ` +
    `from ${s.units} units (${s.unitsAdded} new) over ${s.nights} nights ${s.firstNight}..${s.lastNight} in ${s.seconds} s`
  );
}

export function simulateCommand(): Command {
  return piaaCommand("simulate", "simulate a PANOPTES network: upload LC segments and PSC cubes to the bucket")
    .option("--units <n>", `network size after the run; units are added, never removed (default ${DEFAULT_UNITS})`, positiveInteger("--units"))
    .option("--nights <n>", `number of nights (default ${DEFAULT_NIGHTS})`, positiveInteger("--nights"))
    .option("--start <date>", `first night, YYYY-MM-DD (default: the day after the bucket's data, else ${DEFAULT_START})`)
    .option("--end <date>", "last night, YYYY-MM-DD (instead of --nights)")
    .option("--seed <seed>", `random seed: same arguments and seed give identical objects (default ${DEFAULT_SEED})`)
    .option("--stars <ids>", `comma-separated catalog ids or PIC ids (default all: ${CATALOG.map((s) => s.id).join(",")})`)
    .option("--concurrency <n>", `uploads in flight (default ${DEFAULT_CONCURRENCY})`, positiveInteger("--concurrency"))
    .option("--dry-run", "generate and count, upload nothing")
    .addOption(jsonOption())
    .action(async (options: CommandOptions) => {
      if (options.stars !== undefined && options.stars.trim() === "") throw new UsageError("--stars needs at least one id");
      const store = openObjectStore(options.bucket);
      const bar = progressBar(process.stderr);
      let summary: SimulateSummary;
      try {
        summary = await simulate(
          {
            units: options.units,
            nights: options.nights,
            start: options.start,
            end: options.end,
            seed: options.seed,
            stars: options.stars?.split(",").map((s) => s.trim()),
            concurrency: options.concurrency,
            dryRun: options.dryRun,
          },
          store,
          bar.update,
        );
      } finally {
        bar.done();
      }
      process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryLine(summary)}\n`);
    });
}
