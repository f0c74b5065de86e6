/**
 * The stand-in services of test/fixtures/services (fakeService.mjs: plain node, a fraction of a
 * second to start) and what tests read back from them: the record each writes first to its log
 * (pid, node options, environment), whether a process still runs, and the cleanup that kills any
 * stand-in a failed test left running.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServiceEntries } from "../../../runtime/start/localPipeline.js";
import type { StartOptions } from "../../../runtime/start/runStart.js";
import type { ServiceProcess } from "../../../runtime/start/serviceProcess.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/services/${name}`, import.meta.url));
export const FAKE_SERVICE = fixture("fakeService.mjs");
/** Exits 3 before listening, its reason on stderr. */
export const FAILING_SERVICE = fixture("failingService.mjs");
/** Answers every push with 422 (refused for good). */
export const REFUSING_PROXY = fixture("refusingProxy.mjs");
/** fakeService.mjs behind a TypeScript entry. */
export const TYPED_SERVICE = fixture("typedService.ts");
/** Every service a stand-in. */
export const FAKE_ENTRIES: ServiceEntries = { proxy: FAKE_SERVICE, combiner: FAKE_SERVICE, analyzer: FAKE_SERVICE };

/** `piaa start`'s options for a run of stand-ins in `dir` (bucket, logs and plots inside it): one unit, one night, one combiner. */
export function standInStartOptions(dir: string, overrides: Partial<StartOptions> = {}): StartOptions {
  return {
    bucket: path.join(dir, "bucket"),
    units: 1,
    nights: 1,
    replicas: 1,
    port: 0,
    exitWhenDone: false,
    json: false,
    logDir: path.join(dir, "logs"),
    plotsDir: path.join(dir, "plots"),
    entries: FAKE_ENTRIES,
    ...overrides,
  };
}

export interface EnvironmentRecord {
  pid: number;
  execArgv: string[];
  env: Record<string, string>;
}

/** The JSON lines of a log file (its other lines left out). */
export async function logRecords(file: string): Promise<Array<Record<string, unknown>>> {
  const lines = (await readFile(file, "utf8")).split("\n").filter((line) => line.startsWith("{"));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Each start's record of what the stand-in was given, in order (a log is appended to on restart). */
export async function environmentRecords(file: string): Promise<EnvironmentRecord[]> {
  return (await logRecords(file)).filter((line) => line.message === "fake service environment") as unknown as EnvironmentRecord[];
}

export async function environmentRecord(file: string): Promise<EnvironmentRecord> {
  const [record] = await environmentRecords(file);
  if (record === undefined) throw new Error(`${file} has no environment record`);
  return record;
}

/** The port the stand-in announced last in its log. */
export async function announcedPort(file: string): Promise<unknown> {
  return (await logRecords(file)).filter((record) => record.message === "fake listening").at(-1)?.port;
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (bounded) until the process is gone; false if it still runs after 10 s. */
export async function gone(pid: number): Promise<boolean> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    if (!isRunning(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** The exit status if the process has exited by now, else "running". */
export function statusNow(service: ServiceProcess): Promise<number | string> {
  return Promise.race([service.exited, Promise.resolve("running")]);
}

/** SIGKILLs every stand-in that logged its pid under `dir` and still runs (after a failed test). */
export async function killLeftovers(dir: string): Promise<void> {
  const logs = await readdir(dir).catch(() => []);
  for (const log of logs.filter((name) => name.endsWith(".log"))) {
    for (const { pid } of await environmentRecords(path.join(dir, log))) if (isRunning(pid)) process.kill(pid, "SIGKILL");
  }
}
