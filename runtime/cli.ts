/**
 * `piaa`: the command line of PIAA (design §7). Each subcommand is defined next to the code it
 * drives and registered here; every error, commander's own included, leaves through reportError
 * and the one exit-status map (core/exitStatus.ts).
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { type CommandLoader, commandsFor, reportError } from "./core/commandLine.js";
import { EXIT_STATUS_HELP } from "./core/exitStatus.js";
import { exitQuietlyOnClosedPipe } from "./core/outputFiles.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/** Read by every command (the others are listed by the command that reads them). */
const ENVIRONMENT_HELP =
  "Environment: PIAA_BUCKET (default --bucket), LOG_LEVEL (debug: stack traces with errors),\n" +
  "PIAA_GCS_API_ENDPOINT (gs:// buckets on an emulator instead of Google's API).";

/** Every command below `command`, depth first. */
export function commandTree(command: Command): Command[] {
  return command.commands.flatMap((sub) => [sub, ...commandTree(sub)]);
}

/** Keyed by each command's name, in the order `--help` lists them. */
export const COMMANDS: Record<string, CommandLoader> = {
  serve: async (args) => (await import("./serveCommand.js")).serveCommand(args),
  policy: async () => (await import("../infra/plan/policyCommand.js")).policyCommand(),
  plan: async () => (await import("../infra/plan/planCommand.js")).planCommand(),
  simulate: async () => (await import("./simulator/simulateCommand.js")).simulateCommand(),
  start: async () => (await import("./start/startCommand.js")).startCommand(),
  stars: async () => (await import("./combiner/starsCommand.js")).starsCommand(),
  combine: async () => (await import("./combiner/combineCommand.js")).combineCommand(),
  reconcile: async () => (await import("./combiner/reconcileCommand.js")).reconcileCommand(),
  export: async () => (await import("./combiner/exportCommand.js")).exportCommand(),
  analyze: async () => (await import("./analysis/analyzeCommand.js")).analyzeCommand(),
  plot: async () => (await import("./analysis/plotCommand.js")).plotCommand(),
  reindex: async () => (await import("./analysis/reindexCommand.js")).reindexCommand(),
  sizing: async () => (await import("./sizing/sizingCommand.js")).sizingCommand(),
  completeness: async () => (await import("./analysis/completenessCommand.js")).completenessCommand(),
};

/** The program, with the commands `args` (the words after `piaa`) can reach; all of them by default. */
export async function createProgram(args: string[] = []): Promise<Command> {
  const program = new Command("piaa")
    .description("PANOPTES Image Analysis: light-curve pipeline, local and on Google Cloud")
    .version(version, "-V, --version", "print the piaa version")
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText("after", `\n${EXIT_STATUS_HELP}\n${ENVIRONMENT_HELP}`);
  for (const command of await commandsFor(COMMANDS, args)) program.addCommand(command);
  // commander would call process.exit(1) on a usage error; thrown instead, it maps to status 2.
  for (const command of [program, ...commandTree(program)]) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  try {
    await (await createProgram(argv.slice(2))).parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
