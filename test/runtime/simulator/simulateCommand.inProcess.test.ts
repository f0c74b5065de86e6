/**
 * `piaa simulate` run in this process (simulate.test.ts spawns bin/piaa.js, which mutation runs
 * cannot see): how the options reach the simulator and what is printed.
 */
import { rm } from "node:fs/promises";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { simulateCommand } from "../../../runtime/simulator/simulateCommand.js";
import { readAll, tempBucketDir } from "./simulatedBucket.js";

const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true }))));
afterEach(() => vi.restoreAllMocks());

/** Runs `piaa simulate ...args` here, returning what it printed on stdout and what it threw. */
async function simulateHere(...args: string[]): Promise<{ stdout: string; error?: unknown }> {
  let stdout = "";
  vi.spyOn(process.stdout, "write").mockImplementation((text) => {
    stdout += String(text);
    return true;
  });
  try {
    await simulateCommand().exitOverride().parseAsync(args, { from: "user" });
    return { stdout };
  } catch (error) {
    return { stdout, error };
  } finally {
    vi.mocked(process.stdout.write).mockRestore();
  }
}

describe("piaa simulate, in process", () => {
  it("passes units, nights, start, seed, stars (trimmed) and concurrency through, and prints the summary object with --json", async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const args = ["--bucket", dir, "--units", "1", "--nights", "2", "--start", "2026-08-01", "--seed", "cli", "--stars", "hd189733, vega", "--concurrency", "2"];
    const { stdout, error } = await simulateHere(...args, "--json");
    expect(error).toBeUndefined();
    const summary = JSON.parse(stdout) as { units: number; nights: number; firstNight: string; lastNight: string; objects: number; dryRun: boolean };
    expect(summary).toMatchObject({ units: 1, nights: 2, firstNight: "2026-08-01", lastNight: "2026-08-02", dryRun: false });
    const names = [...(await readAll(new FsObjectStore({ root: dir }))).keys()];
    expect(names).toHaveLength(summary.objects);
    expect(names.every((name) => /PAN000/.test(name))).toBe(true);
  });

  it("prints the one-line summary without --json, and uploads nothing with --dry-run", async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const { stdout, error } = await simulateHere("--bucket", dir, "--units", "1", "--end", "2026-08-01", "--start", "2026-08-01", "--stars", "vega", "--dry-run");
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/^dry run: would upload \d+ segments .* from 1 units \(1 new\) over 1 nights 2026-08-01\.\.2026-08-01 in [\d.]+ s\n$/);
    expect((await readAll(new FsObjectStore({ root: dir }))).size).toBe(0);
  });

  it("refuses an empty --stars before opening the bucket", async () => {
    const { error } = await simulateHere("--bucket", "/nonexistent/piaa", "--stars", " ");
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe("--stars needs at least one id");
  });
});
