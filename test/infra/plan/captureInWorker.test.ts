/**
 * capturePlan's answer when the program fails inside the plan worker other than by a config error
 * (which capturePlan finds before it starts the worker): a program that throws must be reported with
 * its error and the worker's stack trace; one that ends its process before a result is written, with
 * its exit code and what it wrote to stderr. Small fixture programs (test/fixtures/plan/) stand in
 * for the real one, so each worker run only loads Pulumi's runtime (a few seconds; the two run side by side).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { captureInWorker } from "../../../infra/plan/capturePlan.js";
import { InfraConfigError } from "../../../infra/configValues.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/plan");
const program = (file: string): string => pathToFileURL(path.join(FIXTURES, file)).href;

/** The error captureInWorker rejects with (it must reject). */
async function failure(file: string): Promise<Error> {
  const error: unknown = await captureInWorker({ stack: "dev", config: {}, program: program(file) }).then(
    () => new Error(`${file}: captureInWorker resolved`),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe.concurrent("captureInWorker, a program that fails inside the plan worker", () => {
  it("reports a program that throws with its error name, message and stack trace, not as a config error", { timeout: 60_000 }, async () => {
    const error = await failure("throwingProgram.mjs");
    expect(error).not.toBeInstanceOf(InfraConfigError);
    const [headline, ...trace] = error.message.split("\n");
    expect(headline).toBe("piaa plan: the program failed: TypeError: fixture program: cannot read the survey layout");
    // The worker's stderr: the stack trace, which points at the program's own file, and nothing after it.
    expect(trace[0]).toBe("TypeError: fixture program: cannot read the survey layout");
    expect(trace.join("\n")).toContain("throwingProgram.mjs");
    expect(error.message).toMatch(/\S$/);
  });

  it("reports a program that ends the process before a result is written, with its exit code and stderr", { timeout: 60_000 }, async () => {
    const error = await failure("exitingProgram.mjs");
    expect(error.message).toBe("piaa plan: the program did not finish (exit 7): fixture program: giving up");
  });
});
