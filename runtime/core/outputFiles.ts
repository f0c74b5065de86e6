/**
 * Where commands put what they produce: files and directories named by `--out` / `--plots`, and
 * stdout. A path that cannot be written becomes an OutputPathError naming it and saying what to
 * do (exit status 2), not a Node error; a reader that stops early (`| head`) ends the command
 * quietly instead of with an EPIPE stack trace.
 */
import { mkdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { OutputPathError } from "./errors.js";
import { EXIT_STATUS } from "./exitStatus.js";

/** Where a command writes its report (stdout) and its warnings and progress (stderr). */
export interface CommandOutput {
  /** Bytes too: `piaa export --format fits` writes a binary file. */
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
}

export const processOutput: CommandOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

function outputError(target: string, error: unknown, kind: "file" | "directory"): OutputPathError {
  const code = codeOf(error);
  const parent = path.dirname(target);
  const reason =
    code === "ENOENT"
      ? `directory ${parent} does not exist: create it first (mkdir -p ${parent})`
      : code === "EISDIR"
        ? `it is a directory: give a file name inside it, e.g. ${path.join(target, "out")}`
        : code === "ENOTDIR" || code === "EEXIST"
          ? kind === "directory"
            ? "it (or a parent) is a file, not a directory: give a directory (created if missing)"
            : `${parent} is not a directory`
          : code === "EACCES" || code === "EPERM" || code === "EROFS"
            ? `permission denied (${code}): choose a ${kind} you can write`
            : `${code ?? (error as Error).message}`;
  return new OutputPathError(target, reason, { cause: error });
}

/** Writes `data` to `file`, which must be in an existing directory. */
export async function writeOutputFile(file: string, data: string | Uint8Array): Promise<void> {
  await writeFile(file, data).catch((error: unknown) => {
    throw outputError(file, error, "file");
  });
}

/**
 * `mkdir -p` one level at a time: Node's recursive mkdir retries forever where the kernel says
 * ENOENT for a directory whose parent exists (/proc/nope), so a bad `--bucket` would spin.
 */
export async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = path.dirname(at)) {
    const exists = await stat(at).then(
      () => true,
      (error: unknown) => {
        if (codeOf(error) !== "ENOENT") throw error;
        return false;
      },
    );
    if (exists || path.dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const at of missing) await mkdir(at).catch((error: unknown) => {
    if (codeOf(error) !== "EEXIST") throw error; // made meanwhile by another writer
  });
}

/** Creates `dir` (and its parents) unless it exists; fails naming it when it is a file or not writable. */
export async function prepareOutputDirectory(dir: string): Promise<void> {
  await makeDirectories(dir).catch((error: unknown) => {
    throw outputError(dir, error, "directory");
  });
  if (!(await stat(dir)).isDirectory()) throw outputError(dir, Object.assign(new Error("not a directory"), { code: "ENOTDIR" }), "directory");
}

/** `text` to `out` when given, else to `stdout`. */
export async function writeOutput(text: string | Uint8Array, out: string | undefined, stdout: (text: string | Uint8Array) => void): Promise<void> {
  if (out === undefined) stdout(text);
  else await writeOutputFile(out, text);
}

/**
 * A reader that closed the pipe (`piaa export … | head`) has all it wanted: exit with the status
 * so far, silently. Any other failure to write stdout/stderr is the environment's (exit 3).
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? EXIT_STATUS.success);
    process.exit(EXIT_STATUS.environment);
  });
}
