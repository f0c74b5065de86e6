/**
 * What the commands of every service share (combine, reconcile, export, analyze, plot): the PIC argument, checked before the
 * bucket is opened; where their output goes (the process by default; tests pass their own); and
 * progress lines on stderr that appear only once a run has lasted a while.
 */
import type { CommandOutput } from "./outputFiles.js";
import { resolvePic } from "./starArgument.js";

/** Runs shorter than this print no progress at all. */
export const PROGRESS_QUIET_MS = 1000;
/** Interval between progress lines. */
export const PROGRESS_INTERVAL_MS = 1000;

export { type CommandOutput, processOutput } from "./outputFiles.js";

/** commander parser of a star argument: a PIC id or a catalog id, as the PIC id (starArgument.ts). */
export const parsePicArgument = resolvePic;

export const STAR_ARGUMENT_HELP = "the star: a PIC id (PIC_J2000437+224239) or a catalog id (hd189733)";

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
