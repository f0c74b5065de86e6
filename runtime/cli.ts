/**
 * `piaa`: the command line of PIAA (design §7). Each subcommand is defined next to the code it
 * drives and registered here; every error, commander's own included, leaves through reportError
 * and the one exit-status map (core/exitStatus.ts).
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { analyzeCommand } from "./analysis/analyzeCommand.js";
import { completenessCommand } from "./analysis/completenessCommand.js";
import { plotCommand } from "./analysis/plotCommand.js";
import { reindexCommand } from "./analysis/reindexCommand.js";
import { reportError } from "./core/commandLine.js";
import { EXIT_STATUS_HELP } from "./core/exitStatus.js";
import { exitQuietlyOnClosedPipe } from "./core/outputFiles.js";
import { combineCommand } from "./combiner/combineCommand.js";
import { exportCommand } from "./combiner/exportCommand.js";
import { reconcileCommand } from "./combiner/reconcileCommand.js";
import { starsCommand } from "./combiner/starsCommand.js";
import { policyCommand } from "../infra/plan/policyCommand.js";
import { planCommand } from "../infra/plan/planCommand.js";
import { serveCommand } from "./serveCommand.js";
import { simulateCommand } from "./simulator/simulateCommand.js";
import { sizingCommand } from "./sizing/sizingCommand.js";
import { startCommand } from "./start/startCommand.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/** Read by every command (the others are listed by the command that reads them). */
const ENVIRONMENT_HELP =
  "Environment: PIAA_BUCKET (default --bucket), LOG_LEVEL (debug: stack traces with errors),\n" +
  "PIAA_GCS_API_ENDPOINT (gs:// buckets on an emulator instead of Google's API).";

/** Every command below `command`, depth first. */
export function commandTree(command: Command): Command[] {
  return command.commands.flatMap((sub) => [sub, ...commandTree(sub)]);
}

export function createProgram(): Command {
  const program = new Command("piaa")
    .description("PANOPTES Image Analysis: light-curve pipeline, local and on Google Cloud")
    .version(version, "-V, --version", "print the piaa version")
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) })
    .addHelpText("after", `\n${EXIT_STATUS_HELP}\n${ENVIRONMENT_HELP}`);
  program.addCommand(serveCommand());
  program.addCommand(policyCommand());
  program.addCommand(planCommand());
  program.addCommand(simulateCommand());
  program.addCommand(startCommand());
  program.addCommand(starsCommand());
  program.addCommand(combineCommand());
  program.addCommand(reconcileCommand());
  program.addCommand(exportCommand());
  program.addCommand(analyzeCommand());
  program.addCommand(plotCommand());
  program.addCommand(reindexCommand());
  program.addCommand(sizingCommand());
  program.addCommand(completenessCommand());
  // commander would call process.exit(1) on a usage error; thrown instead, it maps to status 2.
  for (const command of [program, ...commandTree(program)]) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnClosedPipe(process.stdout);
  try {
    await createProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
