/**
 * The bucket and helpers the command-line tests share (commandLine.test.ts, commandLine.usage.test.ts,
 * split in two so that vitest's two workers share their child processes: one file of them was the
 * suite's longest path). Issue 22, "a command line a newcomer trusts", checked the way a user meets
 * it: the `piaa` bin in a child process, asserting its exit status (core/exitStatus.ts) and what it
 * prints. Every expected failure is one `piaa: …` line naming the object at fault, with no stack trace.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";
import { rebuildMasterLightCurve } from "../../runtime/combiner/rebuildMasterLightCurve.js";
import { catalogStarOf } from "../../runtime/core/catalog.js";
import { type CliResult, runPiaa } from "../piaaCli.js";
import { simulatedBucket, type SimulatedBucket } from "./simulator/simulatedBucket.js";

export const BIN = fileURLToPath(new URL("../../bin/piaa.js", import.meta.url));
/** Spawns of the bin cost seconds each, tens of seconds on a loaded machine; a bound, not a goal. */
export const CLI_TEST_TIMEOUT_MS = 600_000;

/** Runs the bin once per argument list, one at a time (parallel spawns only compete for the cores). */
export async function runEach<T extends string[][]>(...argLists: T): Promise<{ [K in keyof T]: CliResult }> {
  const results: CliResult[] = [];
  for (const args of argLists) results.push(await runPiaa(...args));
  return results as { [K in keyof T]: CliResult };
}
export const HD189733 = catalogStarOf("hd189733")!.pic;
export const VEGA = catalogStarOf("vega")!.pic;
export const NO_STAR = "PIC_J0000000+000000";

/** An expected failure: this status, this message, and no Node stack trace. */
export function expectFailure(result: CliResult, status: number, message: RegExp): void {
  expect(result.code, result.stderr).toBe(status);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toMatch(/^piaa: /);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

export interface CliBucket {
  sim: SimulatedBucket;
  /** The simulated bucket's directory. */
  bucket: string;
  /** A directory beside it for what the commands must not (or may) write. */
  scratch: string;
  /** A plain file in `scratch`: what is no bucket and no directory. */
  aFile: string;
}

/** One unit, one night: HD 189733 merged, Vega observed but left unmerged; filled in before the file's tests. */
export function useCliBucket(): CliBucket {
  const cli = {} as CliBucket;
  beforeAll(async () => {
    cli.sim = await simulatedBucket({ units: 1, nights: 1, start: "2026-08-01", stars: ["hd189733", "vega"] });
    cli.bucket = cli.sim.dir;
    await rebuildMasterLightCurve(cli.sim.store, HD189733);
    cli.scratch = `${cli.sim.dir}-scratch`;
    await mkdir(cli.scratch);
    cli.aFile = path.join(cli.scratch, "a-file");
    await writeFile(cli.aFile, "not a bucket");
  });
  afterAll(async () => {
    await cli.sim?.remove();
    if (cli.scratch) await rm(cli.scratch, { recursive: true, force: true });
  });
  return cli;
}
