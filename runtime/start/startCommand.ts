/**
 * `piaa start` (`npm start`): the whole pipeline on this machine, see runStart.ts.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Option } from "commander";
import { jsonOption, piaaCommand, portNumber, positiveInteger, UsageError } from "../core/commandLine.js";
import { EXIT_STATUS } from "../core/exitStatus.js";
import { createLogger } from "../core/logging.js";
import { simulate } from "../simulator/simulate.js";
import { DEFAULT_NIGHTS, DEFAULT_UNITS } from "../simulator/simulateOptions.js";
import { createProgressLine } from "./progressLine.js";
import type { ServiceEntries } from "./localPipeline.js";
import { Interrupted, runStart, type Simulation } from "./runStart.js";
import { ServiceProcessError } from "./serviceProcess.js";

export const DEFAULT_REPLICAS = 2;
/**
 * Where a bucket's plots go unless --plots says: beside it, named after it (./piaa-data →
 * ./piaa-plots, /data/night → /data/night-plots), so that runs on different buckets do not
 * write into one shared directory.
 */
export function defaultPlotsDir(bucket: string): string {
  const dir = path.resolve(bucket.startsWith("file://") ? fileURLToPath(bucket) : bucket);
  const name = path.basename(dir);
  return path.join(path.dirname(dir), name.endsWith("-data") ? `${name.slice(0, -"-data".length)}-plots` : `${name}-plots`);
}

interface CommandOptions {
  bucket: string;
  units: number;
  nights: number;
  replicas: number;
  port: number;
  exitWhenDone?: boolean;
  json?: boolean;
  logs?: string;
  plots?: string;
}

const simulateWithProgress: Simulation = async (store, options, report) => {
  const summary = await simulate(options, store, (p) => report(`${p.objectsDone}/${p.objectsTotal} objects uploaded`));
  report(`${summary.uploaded} objects uploaded (${summary.segments} segments, nights ${summary.firstNight}..${summary.lastNight})`);
};

/** `entries`: what the services run (tests: stand-ins, see LocalPipelineOptions); `piaa start` leaves it unset. */
export function startCommand(entries?: ServiceEntries) {
  return piaaCommand("start", "run the whole pipeline locally: proxy, combiners and simulator on 127.0.0.1, then serve the dashboard")
    .addOption(new Option("--units <n>", "network size (units are added to those already in the bucket)").argParser(positiveInteger("--units")).default(DEFAULT_UNITS))
    .addOption(new Option("--nights <n>", "nights to simulate, after those already in the bucket").argParser(positiveInteger("--nights")).default(DEFAULT_NIGHTS))
    .addOption(new Option("--replicas <n>", "combiner processes").argParser(positiveInteger("--replicas")).default(DEFAULT_REPLICAS))
    .addOption(new Option("--port <port>", "proxy and dashboard port on 127.0.0.1 (0: any free port)").argParser(portNumber("--port")).default(0))
    .addOption(new Option("--exit-when-done", "exit after the summary instead of serving until Ctrl-C"))
    .addOption(jsonOption())
    .addOption(new Option("--plots <dir>", "where every star's plots are written once merged (default: beside the bucket, ./piaa-plots for ./piaa-data)"))
    .addOption(new Option("--logs <dir>", "where the services write their logs (default: a new directory under the system temp dir)"))
    .action(async (options: CommandOptions) => {
      if (options.json && !options.exitWhenDone) throw new UsageError("--json prints the summary for scripts: use it with --exit-when-done");
      try {
        await runStart(
          { ...options, exitWhenDone: options.exitWhenDone ?? false, json: options.json ?? false, logDir: options.logs, plotsDir: options.plots ?? defaultPlotsDir(options.bucket), entries },
          simulateWithProgress,
          { stdout: process.stdout, progress: createProgressLine(process.stderr), logger: createLogger({ service: "start", level: process.env.LOG_LEVEL ?? "warn", destination: process.stderr }) },
        );
      } catch (error) {
        if (error instanceof ServiceProcessError) {
          // Its own words (from its stderr) say what went wrong; a stack trace would not help.
          process.stderr.write(`piaa: ${error.message}\n`);
          process.exitCode = EXIT_STATUS.environment;
          return;
        }
        if (!(error instanceof Interrupted)) throw error;
        // The services are stopped; a simulation still uploading is cut short (its writes are
        // atomic, and the next run notifies whatever the MLCs do not hold yet).
        process.exit(EXIT_STATUS.interrupted);
      }
      if (!options.exitWhenDone) {
        // Served until Ctrl-C (or SIGTERM): runStart stopped every service before returning.
        process.stderr.write("piaa: interrupted: every service stopped\n");
        process.exitCode = EXIT_STATUS.interrupted;
      }
    });
}
