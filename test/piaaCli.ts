/**
 * Two ways to run a piaa subcommand in tests: `runPiaa` spawns `bin/piaa.js` (the way users and
 * CI call it, bounded in time; each spawn costs about a second), `runCommand` runs the command
 * in this process with its output collected.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import type { Command } from "commander";
import type { CommandOutput } from "../runtime/core/commandArguments.js";

const BIN = path.resolve(__dirname, "../bin/piaa.js");
/** A bound, not a goal: `piaa plan` runs the Pulumi program in a child, ~20 s (a bare --help 30 s at load 35). */
const CLI_TIMEOUT_MS = 240_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `piaa ...args`; callers pass --bucket, so PIAA_BUCKET from the environment is dropped. */
export function runPiaa(...args: string[]): Promise<CliResult> {
  return runPiaaWith({}, ...args);
}

export interface RunOptions {
  /** Added to the environment (PIAA_BUCKET and LOG_LEVEL are dropped from the inherited one). */
  env?: Record<string, string>;
  /** Close the reading end of stdout at once, as `| head` does once it has its lines. */
  closeStdout?: boolean;
}

export function runPiaaWith(options: RunOptions, ...args: string[]): Promise<CliResult> {
  const inherited = Object.entries(process.env).filter(([key]) => key !== "PIAA_BUCKET" && key !== "LOG_LEVEL");
  const env = { ...Object.fromEntries(inherited), ...options.env };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { timeout: CLI_TIMEOUT_MS, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (options.closeStdout) child.stdout?.destroy();
  });
}

export interface InProcessResult {
  stdout: string;
  stderr: string;
  /** What the command threw (main() would print it and set the exit status). */
  error?: unknown;
}

/** Runs one subcommand in this process with its output collected: fast, for most tests. */
export async function runCommand(build: (output: CommandOutput) => Command, ...args: string[]): Promise<InProcessResult> {
  const result: InProcessResult = { stdout: "", stderr: "" };
  const command = build({ stdout: (text) => void (result.stdout += text), stderr: (text) => void (result.stderr += text) });
  command.exitOverride().configureOutput({ writeOut: (text) => void (result.stdout += text), writeErr: (text) => void (result.stderr += text) });
  try {
    await command.parseAsync(args, { from: "user" });
  } catch (error) {
    result.error = error;
  }
  return result;
}
