/**
 * `piaa start`: the whole pipeline on this machine. Starts the proxy, the combiners and the
 * analyzer as child processes, simulates a few nights of the network into the bucket, shows
 * progress, waits until every segment is in its master light curve and the analyzer has caught up
 * (it analyses stars while data arrives, so the dashboard fills in), copies the stored plots to a
 * directory, prints a summary and the dashboard URL, then
 * serves until Ctrl-C (or exits at once with --exit-when-done). Children are stopped on every
 * way out: done, Ctrl-C/SIGTERM, or an error.
 */
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sleep } from "../core/backoff.js";
import { UsageError } from "../core/commandLine.js";
import type { Logger } from "../core/logging.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import type { StarIndexRow } from "../analysis/starIndexRow.js";
import { assertBucketWritable } from "../core/store/openBucket.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { listSegments, readPipelineStatus, type PipelineStatus } from "../local/pipelineStatus.js";
import { startLocalPipeline, type LocalPipeline, type ServiceEntries } from "./localPipeline.js";
import { followMerges } from "./followMerges.js";
import type { ProgressLine } from "./progressLine.js";
import { buildSummary, formatSummary, type StartSummary } from "./startSummary.js";
import { copyStoredPlots, readAnalysisProgress } from "./storedPlots.js";

/** A generous bound for a local run: a stuck pipeline ends with an error, not a silent hang. */
export const MERGE_TIMEOUT_MS = 10 * 60_000;
const STATUS_POLL_MS = 500;

export interface StartOptions {
  bucket: string;
  units: number;
  nights: number;
  replicas: number;
  port: number;
  exitWhenDone: boolean;
  json: boolean;
  logDir?: string;
  /** Where every star's plots are written once everything is merged. */
  plotsDir: string;
  /** What the services run (tests: stand-ins, see LocalPipelineOptions). @default SERVICE_ENTRIES */
  entries?: ServiceEntries;
  /** How often serving looks for newly analysed stars (tests: a shorter poll). @default FOLLOW_POLL_MS */
  followPollMs?: number;
}

/** Fills the bucket; `report` shows a short progress text. */
export type Simulation = (store: ObjectStore, options: { units: number; nights: number }, report: (text: string) => void) => Promise<void>;

export interface StartIo {
  stdout: NodeJS.WritableStream;
  progress: ProgressLine;
  logger: Logger;
}

function interruption(): { signal: Promise<string>; dispose(): void } {
  let listener: (signal: string) => void = () => {};
  const signal = new Promise<string>((resolve) => (listener = resolve));
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => [name, () => listener(name)] as const);
  for (const [name, handler] of handlers) process.once(name, handler);
  return { signal, dispose: () => handlers.forEach(([name, handler]) => process.removeListener(name, handler)) };
}

/** The run was stopped by SIGINT or SIGTERM (the message names the signal). */
export class Interrupted extends Error {}

function bucketDirectory(store: ObjectStore, bucket: string): string {
  if (!store.url.startsWith("file://")) {
    throw new UsageError(`--bucket ${bucket}: piaa start runs the pipeline locally on a directory bucket; deploy with Pulumi for gs://`);
  }
  return fileURLToPath(store.url);
}

async function waitUntilMerged(pipeline: LocalPipeline, store: ObjectStore, progress: ProgressLine): Promise<PipelineStatus> {
  const deadline = Date.now() + MERGE_TIMEOUT_MS;
  for (;;) {
    const status = await readPipelineStatus(store);
    const rejected = new Set(pipeline.deliverer.stats.deadLettered);
    const waiting = status.pending.filter((object) => !rejected.has(object));
    progress.update(`merging: ${status.merged}/${status.segments} segments in ${status.stars} master light curves`);
    if (waiting.length === 0 && status.stale.length === 0 && pipeline.deliverer.backlog === 0) return status;
    if (Date.now() > deadline) throw new Error(`${waiting.length} segments still not merged after ${MERGE_TIMEOUT_MS / 1000} s, e.g. ${waiting[0]}`);
    await sleep(STATUS_POLL_MS);
  }
}

async function waitUntilAnalysed(store: ObjectStore, progress: ProgressLine): Promise<StarIndexRow[]> {
  const deadline = Date.now() + MERGE_TIMEOUT_MS;
  for (;;) {
    const { stars, done } = await readAnalysisProgress(store);
    progress.update(`analysing: ${done.length}/${stars} stars current`);
    if (done.length === stars) return done;
    if (Date.now() > deadline) throw new Error(`${stars - done.length} stars still not analysed after ${MERGE_TIMEOUT_MS / 1000} s`);
    await sleep(STATUS_POLL_MS);
  }
}

async function plotEveryStar(store: ObjectStore, plotsDir: string, progress: ProgressLine): Promise<number> {
  return copyStoredPlots(store, await waitUntilAnalysed(store, progress), plotsDir);
}

export async function runStart(options: StartOptions, simulate: Simulation, io: StartIo): Promise<StartSummary> {
  const startedAt = Date.now();
  const store = openObjectStore(options.bucket);
  const bucketDir = bucketDirectory(store, options.bucket);
  await assertBucketWritable(store);
  const logDir = options.logDir ?? path.join(os.tmpdir(), `piaa-start-${new Date().toISOString().replace(/[:.]/g, "")}-${process.pid}`);
  const interrupt = interruption();
  let starting: Promise<LocalPipeline> | undefined;
  try {
    const segmentsBefore = (await listSegments(store)).size;
    io.progress.update(`starting the proxy and ${options.replicas} combiners`);
    starting = startLocalPipeline({ store, bucketDir, replicas: options.replicas, port: options.port, logDir, logger: io.logger, entries: options.entries });
    const interrupted = interrupt.signal.then((signal) => Promise.reject(new Interrupted(signal)));
    interrupted.catch(() => undefined);
    const running = await Promise.race([starting, interrupted]);
    // From here on, a crashed service ends the run with its name and log instead of a long wait.
    const stopped = Promise.race([interrupted, running.crashed]);
    await Promise.race([
      simulate(store, { units: options.units, nights: options.nights }, (text) => io.progress.update(`simulating: ${text}`)),
      stopped,
    ]);
    const status = await Promise.race([waitUntilMerged(running, store, io.progress), stopped]);
    const plots = await Promise.race([plotEveryStar(store, options.plotsDir, io.progress), stopped]);
    io.progress.done();
    const summary = buildSummary(status, {
      bucket: store.url,
      segmentsBefore,
      notifications: running.deliverer.stats.delivered,
      rejected: [...running.deliverer.stats.deadLettered],
      replicas: options.replicas,
      elapsedS: (Date.now() - startedAt) / 1000,
      dashboardUrl: `${running.proxyUrl}/`,
      logDir,
      plotsDir: path.resolve(options.plotsDir),
      plots,
    });
    io.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary, options.exitWhenDone)}\n`);
    if (!options.exitWhenDone) {
      if (!options.json) io.stdout.write("\nServing; new objects in the bucket are merged (and their stars analysed and re-plotted) as they arrive. Ctrl-C to stop.\n");
      const following = followMerges(store, options.plotsDir, (line) => io.stdout.write(`${line}\n`), options.followPollMs);
      await Promise.race([interrupt.signal, running.crashed]).finally(() => following.stop());
    }
    return summary;
  } catch (error) {
    if (error instanceof Interrupted) io.progress.done(`interrupted (${error.message}); stopping`);
    throw error;
  } finally {
    io.progress.done();
    interrupt.dispose();
    // Also when interrupted while starting: the services that did start are stopped.
    await (await starting?.catch(() => undefined))?.stop();
  }
}

