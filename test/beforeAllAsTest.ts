/**
 * Set-up that a test file runs once, in beforeAll, whose failure is reported as a failing test of
 * its own. A throwing beforeAll only skips the file's tests: vitest fails the run, but a runner that
 * counts failed tests (Stryker's, in `npm run mutate`) then reads set-up broken outright as
 * "survived".
 */
import { beforeAll, it } from "vitest";

export function beforeAllAsTest(title: string, setUp: () => Promise<void> | void, timeoutMs: number): void {
  let failure: unknown;
  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      failure = error;
    }
  }, timeoutMs);

  it(title, () => {
    if (failure !== undefined) throw failure;
  });
}
