import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS, createProgram } from "../../runtime/cli.js";
import { SERVICE_COMMANDS } from "../../runtime/serveCommand.js";
import { runPiaa } from "../piaaCli.js";


/** Every command of the tree, with its full name (`serve combiner`). */
function allCommands(command: Command, prefix: string[] = []): [string, Command][] {
  return command.commands.flatMap((sub) => {
    const name = [...prefix, sub.name()];
    return [[name.join(" "), sub] as [string, Command], ...allCommands(sub, name)];
  });
}

describe("piaa command line", () => {
  it("registers every command of the design (§7)", async () => {
    const names = allCommands(await createProgram()).map(([name]) => name);
    for (const expected of [
      "start",
      "simulate",
      "stars",
      "serve proxy",
      "serve combiner",
      "combine",
      "reconcile",
      "export",
      "analyze",
      "plot",
      "plan",
      "policy check",
    ]) {
      expect(names).toContain(expected);
    }
  });

  it("describes every command and documents every option", async () => {
    for (const [name, command] of allCommands(await createProgram())) {
      expect(command.description(), name).not.toBe("");
      for (const option of command.options) expect(option.description, `${name} ${option.flags}`).not.toBe("");
    }
  });

  it("takes --bucket (and PIAA_BUCKET) on every command that reads a bucket", async () => {
    for (const name of ["start", "simulate", "stars", "combine", "reconcile", "export", "analyze", "plot"]) {
      const command = allCommands(await createProgram()).find(([n]) => n === name)![1];
      const bucket = command.options.find((o) => o.long === "--bucket");
      expect(bucket?.envVar, name).toBe("PIAA_BUCKET");
    }
  });

  it("runs from the bin straight after npm ci, with help and a clear error for unknown commands", async () => {
    const help = await runPiaa("--help");
    expect(help.stdout).toMatch(/Usage: piaa/);
    expect(help.stdout).toMatch(/reconcile/);
    const error = await runPiaa("frobnicate");
    expect(error.code).toBe(2);
    expect(error.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it("keys every lazily loaded command by its own name, so `piaa <name>` loads that command alone", async () => {
    for (const [key, load] of Object.entries(COMMANDS)) expect((await load([])).name()).toBe(key);
    for (const [key, load] of Object.entries(SERVICE_COMMANDS)) expect((await load([])).name()).toBe(key);
    const names = (program: Command) => program.commands.map((command) => command.name());
    expect(names(await createProgram(["stars", "--bucket", "b"]))).toEqual(["stars"]);
    const serve = await createProgram(["serve", "proxy", "--help"]);
    expect(names(serve)).toEqual(["serve"]);
    expect(names(serve.commands[0]!)).toEqual(["proxy"]);
    // Not a command's name (an option, a typo, `help`): all of them, for the list and "did you mean".
    for (const args of [[], ["--help"], ["expor"], ["help", "stars"], ["toString"]]) {
      expect(names(await createProgram(args)), args.join(" ")).toEqual(Object.keys(COMMANDS));
    }
    expect(names((await createProgram(["serve", "nope"])).commands[0]!)).toEqual(Object.keys(SERVICE_COMMANDS));
  });
});
