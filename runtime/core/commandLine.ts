/**
 * What every `piaa` subcommand shares: the `--bucket` option (design §7), option parsers whose
 * messages name the option, and one way of turning a thrown error into a clear message and the
 * exit status of exitStatus.ts, without a stack trace unless LOG_LEVEL=debug asks for one.
 */
import { Command, CommanderError, Option } from "commander";
import { UsageError } from "./errors.js";
import { EXIT_STATUS, exitStatusOf } from "./exitStatus.js";
import { DEFAULT_BUCKET } from "./store/openObjectStore.js";

export { UsageError } from "./errors.js";

export function bucketOption(): Option {
  return new Option("--bucket <url>", "bucket: a directory, file:// or gs:// URL")
    .env("PIAA_BUCKET")
    .default(DEFAULT_BUCKET);
}

export function jsonOption(): Option {
  return new Option("--json", "print machine-readable JSON");
}

/** Builds a command from the words after its name on the command line (its own subcommand first). */
export type CommandLoader = (args: string[]) => Promise<Command>;

/**
 * The commands of `loaders` a command line can reach: only the one `args[0]` names, else all of
 * them (for the list in `--help` and commander's "did you mean"). Each loader imports its
 * command's module, and from source a module with its dependencies costs up to ~2 s of CPU
 * (vega, mathjs, the Cloud Storage client): every `piaa` process paid for all of them.
 */
export async function commandsFor(loaders: Record<string, CommandLoader>, args: string[]): Promise<Command[]> {
  const [name, ...rest] = args;
  const named = name !== undefined && Object.hasOwn(loaders, name) ? [loaders[name]!] : Object.values(loaders);
  return Promise.all(named.map((load) => load(rest)));
}

/** A subcommand with the shared options already declared. */
export function piaaCommand(name: string, description: string): Command {
  return new Command(name).description(description).addOption(bucketOption());
}

/** Parses a positive integer option value, naming the option when it is not one. */
export function positiveInteger(option: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${option} must be a positive integer (got ${JSON.stringify(value)})`);
    return n;
  };
}

/** Parses a TCP port (0: any free port), naming the option (not the PORT variable it may default from). */
export function portNumber(option: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || n > 65_535) throw new UsageError(`${option} must be an integer from 0 to 65535 (got ${JSON.stringify(value)})`);
    return n;
  };
}

const TRACE_LEVELS = new Set(["debug", "trace"]);

/** Prints an error the way users should see it and returns the process exit status. */
export function reportError(error: unknown, stderr: Pick<NodeJS.WritableStream, "write"> = process.stderr, logLevel = process.env.LOG_LEVEL): number {
  const status = exitStatusOf(error);
  if (status === EXIT_STATUS.success) return status;
  const trace = TRACE_LEVELS.has(logLevel ?? "") && error instanceof Error ? `\n${error.stack}` : "";
  const message = error instanceof Error ? error.message : String(error);
  if (status === EXIT_STATUS.internal) {
    stderr.write(`piaa: internal error: ${message}${trace || "\n  (a bug in piaa: run again with LOG_LEVEL=debug for the stack trace, and report it)"}\n`);
  } else if (!(error instanceof CommanderError)) {
    // commander printed its own message (and the help) already.
    stderr.write(`piaa: ${message}${trace}\n`);
  }
  return status;
}
