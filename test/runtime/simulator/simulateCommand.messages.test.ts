/**
 * What `piaa simulate` prints besides its summary object: the one-line summary mentions objects
 * already in the bucket only when there were some, a count that is not a positive integer is
 * refused naming its option, an unknown id in --stars is named as typed without the space after a
 * comma, and on a terminal the progress line is cleared when the run
 * ends, failed or not. Run in this process (the spawned-CLI tests do not see mutants); stdout,
 * stderr and stderr's isTTY are stubbed inside each test and restored after it.
 */
import { rm } from "node:fs/promises";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import type { SimulateSummary } from "../../../runtime/simulator/simulate.js";
import { simulateCommand, summaryLine } from "../../../runtime/simulator/simulateCommand.js";
import { tempBucketDir } from "./simulatedBucket.js";

const cleanup: string[] = [];
afterAll(() => Promise.all(cleanup.map((dir) => rm(dir, { recursive: true, force: true }))));

const summary: SimulateSummary = {
  bucket: "file:///tmp/bucket",
  dryRun: false,
  units: 2,
  unitsAdded: 0,
  network: [],
  firstNight: "2026-08-01",
  lastNight: "2026-08-02",
  nights: 2,
  seed: "2016",
  stars: [],
  segments: 10,
  points: 900,
  objects: 20,
  uploaded: 20,
  kept: 0,
  bytes: 2048,
  seconds: 1.5,
};

describe("the one-line summary", () => {
  it("counts the objects that were already there only when there were some", () => {
    expect(summaryLine(summary)).toBe("uploaded 10 segments (900 points, 20 objects, 2.0 KB) from 2 units (0 new) over 2 nights 2026-08-01..2026-08-02 in 1.5 s");
    expect(summaryLine({ ...summary, uploaded: 17, kept: 3 })).toContain("(900 points, 20 objects, 3 already there and kept, 2.0 KB)");
  });
});

describe("piaa simulate's counts", () => {
  it.each(["--units", "--nights", "--concurrency"])("refuses %s 0, naming the option and the value", async (option) => {
    const error: unknown = await simulateCommand().exitOverride().parseAsync(["--bucket", "/nonexistent/piaa", option, "0"], { from: "user" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(`${option} must be a positive integer (got "0")`);
  });
});

describe("piaa simulate on a terminal", () => {
  const isTTY = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
  afterEach(() => {
    vi.restoreAllMocks();
    if (isTTY) Object.defineProperty(process.stderr, "isTTY", isTTY);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
  });

  /** Runs `piaa simulate ...args` with stderr a terminal; returns what it wrote there and what it threw. */
  async function onTerminal(...args: string[]): Promise<{ stderr: string[]; error?: unknown }> {
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    const stderr: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((text) => stderr.push(String(text)) > 0);
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await simulateCommand().exitOverride().parseAsync(args, { from: "user" });
      return { stderr };
    } catch (error) {
      return { stderr, error };
    }
  }

  it("draws progress, then clears the line when the run is done", async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const { stderr, error } = await onTerminal("--bucket", dir, "--units", "1", "--nights", "1", "--start", "2026-08-01", "--stars", "vega", "--dry-run");
    expect(error).toBeUndefined();
    expect(stderr.some((text) => /^\r\[#+\] \d+\/\d+ objects/.test(text))).toBe(true);
    expect(stderr.at(-1)).toBe("\r\x1b[K");
  });

  it("clears the line when the run fails too, and names an unknown star as typed, trimmed", async () => {
    const dir = await tempBucketDir();
    cleanup.push(dir);
    const { stderr, error } = await onTerminal("--bucket", dir, "--stars", "vega, no-such-star", "--dry-run");
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(/^unknown star "no-such-star"; known: /);
    expect(stderr).toEqual(["\r\x1b[K"]);
  });
});
