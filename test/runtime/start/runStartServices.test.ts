/**
 * runStart after the services have started, with stand-in services (test/fixtures/services: plain
 * node, a fraction of a second each) in place of the proxy, combiner and analyzer. What the
 * services would do to the bucket, the test does in process when the progress line shows runStart
 * waiting for it: reconcileBucket merges the segment (as a combiner would), and the star's index
 * row and plots are written as the analyzer leaves them (analysedBucket.ts). Signals are delivered
 * by calling the listeners runStart installed, as the process would on SIGINT, without signalling
 * the test process. Every stand-in is killed after each test by the pid in its log.
 */
import { readdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readAnalyzerConfig } from "../../../runtime/analyzer/config.js";
import { reconcileBucket } from "../../../runtime/combiner/reconcile.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { masterLightCurveName, PLOT_FORMATS, PLOT_KINDS } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import type { ProgressLine } from "../../../runtime/start/progressLine.js";
import { Interrupted, MERGE_TIMEOUT_MS, runStart, type Simulation, type StartIo, type StartOptions } from "../../../runtime/start/runStart.js";
import { ServiceProcessError } from "../../../runtime/start/serviceProcess.js";
import { formatSummary } from "../../../runtime/start/startSummary.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { indexRow, writePlots, writeRow } from "./analysedBucket.js";
import { environmentRecord, environmentRecords, FAILING_SERVICE, FAKE_ENTRIES, gone, killLeftovers, REFUSING_PROXY, standInStartOptions } from "./fakeServices.js";

const SEGMENT = testObjectName(0);

/** Writes one segment of TEST_PIC, as the simulator would. */
const simulateOneSegment: Simulation = async (store, _options, report) => {
  await store.put(SEGMENT, Buffer.from(testSegmentBytes([{ offsetS: 60, seed: 1 }])));
  report("1/1 objects uploaded");
};

interface Run {
  options: StartOptions;
  io: StartIo;
  /** Every progress text, `done:` texts marked. */
  progress: string[];
  stdout(): string;
}

let dir: string;
/** Log directories runStart made under the system temp dir. */
const extraLogDirs: string[] = [];
let listenersBefore: Map<string, Set<unknown>>;

/** The services' pids, from their logs. */
async function servicePids(logDir: string): Promise<number[]> {
  const logs = (await readdir(logDir)).filter((name) => name.endsWith(".log"));
  return (await Promise.all(logs.map((log) => environmentRecords(path.join(logDir, log))))).flat().map((record) => record.pid);
}

/** Calls the listeners added since the test began, as the process does when the signal arrives. */
function deliver(signal: "SIGINT" | "SIGTERM"): void {
  const added = process.listeners(signal).filter((listener) => !listenersBefore.get(signal)!.has(listener));
  if (added.length === 0) throw new Error(`nobody listens for ${signal}`);
  for (const listener of added) (listener as (name: string) => void)(signal);
}

/** A run with stand-ins; `onProgress` and `onStdout` see each text as it is written. */
function newRun(overrides: Partial<StartOptions>, hooks: { onProgress?: (text: string) => void; onStdout?: (text: string) => void } = {}): Run {
  const progressTexts: string[] = [];
  let written = "";
  const progress: ProgressLine = {
    update(text) {
      progressTexts.push(text);
      hooks.onProgress?.(text);
    },
    done(text) {
      if (text !== undefined) progressTexts.push(`done: ${text}`);
    },
  };
  const stdout = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written += chunk.toString();
      hooks.onStdout?.(chunk.toString());
      callback();
    },
  });
  const options: StartOptions = standInStartOptions(dir, overrides);
  return { options, io: { stdout, progress, logger: createLogger({ service: "start", level: "silent" }) }, progress: progressTexts, stdout: () => written };
}

/** Does, once, what the analyzer would: the star's index row at its MLC's generation and its plots. */
async function analyse(store: ObjectStore): Promise<void> {
  const { generation } = await store.stat(masterLightCurveName(TEST_PIC));
  await writePlots(store, TEST_PIC, generation);
  await writeRow(store, indexRow(TEST_PIC, "analysed", generation));
}

/**
 * What the stand-in services do not: merge the simulated segment when runStart first waits for the
 * merge, then analyse its star when it first waits for the analysis (each once).
 */
function mergeThenAnalyse(bucket: () => string) {
  const work: Promise<unknown>[] = [];
  let store: ObjectStore | undefined;
  return {
    work,
    onProgress(text: string) {
      store ??= openObjectStore(bucket());
      if (text.startsWith("merging: 0/1") && work.length === 0) work.push(reconcileBucket(store));
      if (text.startsWith("analysing: 0/1") && work.length === 1) work.push(analyse(store));
    },
  };
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-run-start-"));
  listenersBefore = new Map(["SIGINT", "SIGTERM"].map((signal) => [signal, new Set(process.listeners(signal as "SIGINT"))]));
});

afterEach(async () => {
  vi.useRealTimers();
  for (const logDir of [path.join(dir, "logs"), ...extraLogDirs]) await killLeftovers(logDir);
  await Promise.all([dir, ...extraLogDirs.splice(0)].map((removed) => rm(removed, { recursive: true, force: true })));
});

describe("runStart with stand-in services", { timeout: 60_000 }, () => {
  it("with --json, serving writes the summary as one JSON document and no prose after it", async () => {
    const pipeline = mergeThenAnalyse(() => run.options.bucket);
    const run = newRun({ json: true }, { onProgress: pipeline.onProgress, onStdout: () => deliver("SIGINT") });
    const summary = await runStart(run.options, simulateOneSegment, run.io);
    await Promise.all(pipeline.work);
    expect(run.stdout()).toBe(`${JSON.stringify(summary, null, 2)}\n`);
  });

  it("waits until the segment is merged and its star analysed, copies its plots, prints the summary, serves until SIGINT, then stops the services", async () => {
    const pipeline = mergeThenAnalyse(() => run.options.bucket);
    // No --logs: the services' logs go to a new directory under the system temp dir. Ctrl-C as soon as the summary is out.
    const run = newRun({ logDir: undefined }, { onProgress: pipeline.onProgress, onStdout: () => deliver("SIGINT") });
    const summary = await runStart(run.options, simulateOneSegment, run.io);
    extraLogDirs.push(summary.logDir);
    await Promise.all(pipeline.work);
    expect(run.progress).toContain("merging: 0/1 segments in 0 master light curves");
    expect(run.progress).toContain("merging: 1/1 segments in 1 master light curves");
    expect(run.progress).toContain("analysing: 0/1 stars current");
    expect(summary).toMatchObject({ segments: 1, newSegments: 1, points: 1, stars: 1, plots: PLOT_KINDS.length * PLOT_FORMATS.length });
    expect((await readdir(run.options.plotsDir)).length).toBe(summary.plots);
    expect(run.stdout()).toBe(
      `${formatSummary(summary, false)}\n\nServing; new objects in the bucket are merged (and their stars analysed and re-plotted) as they arrive. Ctrl-C to stop.\n`,
    );
    expect(path.dirname(summary.logDir)).toBe(os.tmpdir());
    expect(path.basename(summary.logDir)).toMatch(new RegExp(`^piaa-start-\\d{4}-\\d{2}-\\d{2}T\\d{9}Z-${process.pid}$`));
    // The analyzer accepts what it was told (runStart sets no scan period: the analyzer's default).
    expect(readAnalyzerConfig((await environmentRecord(path.join(summary.logDir, "analyzer.log"))).env)).toMatchObject({ scanIntervalMs: undefined });
    // The services were stopped before runStart returned.
    const pids = await servicePids(summary.logDir);
    expect(pids).toHaveLength(3);
    for (const pid of pids) expect(await gone(pid)).toBe(true);
  });

  it("with --json, prints the summary as JSON only; a segment the proxy refuses for good is listed as rejected, not waited for", async () => {
    const run = newRun({ exitWhenDone: true, json: true, entries: { ...FAKE_ENTRIES, proxy: REFUSING_PROXY } });
    const summary = await runStart(run.options, simulateOneSegment, run.io);
    expect(summary).toMatchObject({ segments: 1, newSegments: 1, stars: 0, rejected: [SEGMENT], notifications: 0 });
    expect(JSON.parse(run.stdout())).toEqual(summary);
  });

  it("gives up on a segment that is not merged after MERGE_TIMEOUT_MS, naming how many and one of them", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const run = newRun(
      { exitWhenDone: true },
      {
        onProgress(text) {
          // Nothing merges it: when runStart first waits, the clock jumps past its deadline.
          if (text.startsWith("merging: 0/1")) vi.setSystemTime(Date.now() + MERGE_TIMEOUT_MS + 1000);
        },
      },
    );
    await expect(runStart(run.options, simulateOneSegment, run.io)).rejects.toThrow(`1 segments still not merged after 600 s, e.g. ${SEGMENT}`);
  });

  it("when interrupted while the services start: rejects with Interrupted naming the signal, says so, simulates nothing and stops what started", async () => {
    const simulate = vi.fn<Simulation>(async () => {});
    const run = newRun({}, { onProgress: (text) => text.startsWith("starting") && deliver("SIGINT") });
    const failure = runStart(run.options, simulate, run.io);
    await expect(failure).rejects.toThrow(Interrupted);
    await expect(failure).rejects.toThrow("SIGINT");
    expect(run.progress).toContain("done: interrupted (SIGINT); stopping");
    expect(simulate).not.toHaveBeenCalled();
    const pids = await servicePids(run.options.logDir!);
    expect(pids).toHaveLength(3);
    for (const pid of pids) expect(await gone(pid)).toBe(true);
  });

  it("ends with the error of a service that failed to start", async () => {
    const run = newRun({ entries: { ...FAKE_ENTRIES, analyzer: FAILING_SERVICE } });
    const failure = runStart(run.options, simulateOneSegment, run.io);
    await expect(failure).rejects.toThrow(ServiceProcessError);
    await expect(failure).rejects.toThrow(/^analyzer exited \(3\) before listening: fake service: PIAA_BUCKET .*bucket is not a directory$/);
  });
});
