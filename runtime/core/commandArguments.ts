/**
 * What the commands of every service share (combine, reconcile, export, analyze, plot): the PIC argument, checked before the
 * bucket is opened; where their output goes (the process by default; tests pass their own); and
 * progress lines on stderr that appear only once a run has lasted a while.
 */
import { UsageError } from "./commandLine.js";
import { isValidPic } from "./objectNames.js";

/** Runs shorter than this print no progress at all. */
export const PROGRESS_QUIET_MS = 1000;
/** Interval between progress lines. */
export const PROGRESS_INTERVAL_MS = 1000;

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

export function parsePicArgument(value: string): string {
  if (!isValidPic(value)) throw new UsageError(`${JSON.stringify(value)} is not a PIC id like PIC_J0326137+295015`);
  return value;
}

/** A `(done, total)` callback that writes "label: done/total" to stderr at most once a second. */
export function stderrProgress(output: CommandOutput, label: string, now: () => number = Date.now): (done: number, total: number) => void {
  const startedAt = now();
  let lastAt = startedAt;
  return (done, total) => {
    const at = now();
    if (at - startedAt < PROGRESS_QUIET_MS || (at - lastAt < PROGRESS_INTERVAL_MS && done < total)) return;
    lastAt = at;
    output.stderr(`${label}: ${done}/${total}\n`);
  };
}
