/**
 * Runs a stack's program once for a test file, in beforeAll, and reports a failure of the program
 * as a failing test of its own. A throwing beforeAll only skips the file's tests: vitest fails the
 * run, but a runner that counts failed tests (Stryker's, in `npm run mutate`) then reads a program
 * broken outright as "survived".
 */
import { beforeAll, it } from "vitest";

/** A plan takes a few seconds; under mutation testing on a loaded machine, far longer. */
const PROGRAM_TIMEOUT_MS = 120_000;

export function runProgramOnce(what: string, run: () => Promise<void>): void {
  let failure: unknown;
  beforeAll(async () => {
    try {
      await run();
    } catch (error) {
      failure = error;
    }
  }, PROGRAM_TIMEOUT_MS);

  it(`runs the ${what} program to its end under mocks`, () => {
    if (failure !== undefined) throw failure;
  });
}
