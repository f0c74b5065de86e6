/** Runs a stack's program once for a test file; a failure of the program is a failing test of its own. */
import { beforeAllAsTest } from "../beforeAllAsTest.js";

/** A plan takes a few seconds; under mutation testing on a loaded machine, far longer. */
const PROGRAM_TIMEOUT_MS = 120_000;

export function runProgramOnce(what: string, run: () => Promise<void>): void {
  beforeAllAsTest(`runs the ${what} program to its end under mocks`, run, PROGRAM_TIMEOUT_MS);
}
