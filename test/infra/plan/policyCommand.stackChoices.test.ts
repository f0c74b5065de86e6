/**
 * `piaa policy check --stack` takes the project's two stacks and nothing else, in process (the
 * spawned tests in policyCommand.test.ts cannot be seen by a mutation run): a stack of another name
 * is refused by the option itself, naming the choices; dev and prod get past it to the command.
 */
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { policyCommand } from "../../../infra/plan/policyCommand.js";

/** The `check` subcommand, throwing instead of exiting and keeping its error output. */
function checkCommand(): { run: (args: string[]) => Promise<unknown>; errors: () => string } {
  let errors = "";
  const check = policyCommand().commands.find((command) => command.name() === "check")!;
  check.exitOverride().configureOutput({ writeErr: (text) => void (errors += text), writeOut: () => undefined });
  return { run: (args) => check.parseAsync(args, { from: "user" }), errors: () => errors };
}

describe("piaa policy check --stack", () => {
  it("refuses a stack other than dev and prod, naming both", async () => {
    const check = checkCommand();
    await expect(check.run(["--stack", "staging"])).rejects.toBeInstanceOf(CommanderError);
    expect(check.errors()).toContain("Allowed choices are dev, prod.");
  });

  it.each(["dev", "prod"])("takes --stack %s (the command itself then refuses --stack with --resources)", async (stack) => {
    const check = checkCommand();
    await expect(check.run(["--stack", stack, "--resources", "resources.json"])).rejects.toThrow("give exactly one of --stack dev|prod or --resources FILE.json");
    expect(check.errors()).toBe("");
  });
});
