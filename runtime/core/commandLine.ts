/**
 * What every `piaa` subcommand shares: the `--bucket` option (design §7) and one way of turning
 * a thrown error into a clear message and a non-zero exit, without a stack trace for user errors.
 */
import { Command, Option } from "commander";
import { PiaaError } from "./errors.js";
import { DEFAULT_BUCKET } from "./store/openObjectStore.js";

export function bucketOption(): Option {
  return new Option("--bucket <url>", "bucket: a directory, file:// or gs:// URL")
    .env("PIAA_BUCKET")
    .default(DEFAULT_BUCKET);
}

export function jsonOption(): Option {
  return new Option("--json", "print machine-readable JSON");
}

/** A subcommand with the shared options already declared. */
export function piaaCommand(name: string, description: string): Command {
  return new Command(name).description(description).addOption(bucketOption());
}

/** Error thrown for bad command-line input; printed without a stack trace, exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Parses a positive integer option value, naming the option when it is not one. */
export function positiveInteger(option: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} must be a positive integer (got ${JSON.stringify(value)})`);
    return n;
  };
}

/** Prints an error the way users should see it and returns the process exit status. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError || error instanceof PiaaError) {
    process.stderr.write(`piaa: ${error.message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
  process.stderr.write(`piaa: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
