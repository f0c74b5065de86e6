/**
 * `piaa start` in process (startCommand.test.ts runs it for real, in child processes): its
 * options and their defaults, where the plots go by default, and the refusals that come before
 * any service starts (--json without --exit-when-done, a gs:// bucket, a bucket that is a file),
 * each naming the flag or the bucket.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { InvalidBucketError } from "../../../runtime/core/errors.js";
import { DEFAULT_NIGHTS, DEFAULT_UNITS } from "../../../runtime/simulator/simulateOptions.js";
import { DEFAULT_REPLICAS, defaultPlotsDir, startCommand } from "../../../runtime/start/startCommand.js";

let dir: string;

beforeEach(async () => {
  vi.stubEnv("PIAA_BUCKET", undefined);
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-start-options-"));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

const quiet = (command: Command): Command => command.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });

/** The options the action would get, or what parsing threw. */
async function parsedOptions(...args: string[]): Promise<Record<string, unknown>> {
  let received: Record<string, unknown> = {};
  await quiet(startCommand())
    .action((options: Record<string, unknown>) => void (received = options))
    .parseAsync(args, { from: "user" });
  return received;
}

describe("piaa start's options", () => {
  it("defaults to the simulator's network and nights, two combiners and any free port", async () => {
    expect(await parsedOptions("--bucket", dir)).toEqual({ bucket: dir, units: DEFAULT_UNITS, nights: DEFAULT_NIGHTS, replicas: DEFAULT_REPLICAS, port: 0 });
    expect(DEFAULT_REPLICAS).toBe(2);
  });

  it("passes the flags given", async () => {
    expect(
      await parsedOptions("--bucket", dir, "--units", "3", "--nights", "5", "--replicas", "1", "--port", "8123", "--exit-when-done", "--json", "--plots", "p", "--logs", "l"),
    ).toEqual({ bucket: dir, units: 3, nights: 5, replicas: 1, port: 8123, exitWhenDone: true, json: true, plots: "p", logs: "l" });
  });

  it.each([
    ["--units", "0", /^--units must be a positive integer \(got "0"\)/],
    ["--nights", "two", /^--nights must be a positive integer \(got "two"\)/],
    ["--replicas", "0", /^--replicas must be a positive integer \(got "0"\)/],
    ["--port", "70000", /^--port must be an integer from 0 to 65535 \(got "70000"\)/],
  ])("refuses %s %s, naming the flag", async (flag, value, message) => {
    await expect(parsedOptions("--bucket", dir, flag, value)).rejects.toThrow(message);
  });
});

describe("piaa start's refusals before any service starts", () => {
  const run = (...args: string[]) => quiet(startCommand()).parseAsync(args, { from: "user" });

  it("refuses --json without --exit-when-done", async () => {
    const refused = run("--bucket", dir, "--json");
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow("--json prints the summary for scripts: use it with --exit-when-done");
  });

  it("refuses a gs:// bucket, naming it: the pipeline runs locally on a directory", async () => {
    const refused = run("--bucket", "gs://piaa-cloud-bucket", "--exit-when-done");
    await expect(refused).rejects.toThrow(UsageError);
    await expect(refused).rejects.toThrow(/^--bucket gs:\/\/piaa-cloud-bucket: piaa start runs the pipeline locally on a directory bucket/);
  });

  it("refuses a bucket that is a file, naming it", async () => {
    const file = path.join(dir, "not-a-directory");
    await writeFile(file, "");
    const refused = run("--bucket", file, "--exit-when-done");
    await expect(refused).rejects.toThrow(InvalidBucketError);
    await expect(refused).rejects.toThrow(`bucket ${file}: is (or is under) a file, not a directory`);
  });
});

describe("defaultPlotsDir", () => {
  it("puts the plots beside the bucket, named after it, a -data suffix becoming -plots", () => {
    expect(defaultPlotsDir("/data/night")).toBe("/data/night-plots");
    expect(defaultPlotsDir("/data/piaa-data")).toBe("/data/piaa-plots");
    expect(defaultPlotsDir("/data/data")).toBe("/data/data-plots");
    expect(defaultPlotsDir("file:///srv/survey-data")).toBe("/srv/survey-plots");
    expect(defaultPlotsDir("/data/night/")).toBe("/data/night-plots");
    expect(defaultPlotsDir("piaa-data")).toBe(path.join(process.cwd(), "piaa-plots"));
  });
});
