/**
 * `piaa`: the command line of PIAA (design §7). Each subcommand is defined next to the code it
 * drives and registered here.
 */
import { Command } from "commander";
import { analyzeCommand } from "./analysis/analyzeCommand.js";
import { plotCommand } from "./analysis/plotCommand.js";
import { reindexCommand } from "./analysis/reindexCommand.js";
import { reportError } from "./core/commandLine.js";
import { combineCommand } from "./combiner/combineCommand.js";
import { exportCommand } from "./combiner/exportCommand.js";
import { reconcileCommand } from "./combiner/reconcileCommand.js";
import { policyCommand } from "../infra/plan/policyCommand.js";
import { planCommand } from "../infra/plan/planCommand.js";
import { serveCommand } from "./serveCommand.js";
import { simulateCommand } from "./simulator/simulateCommand.js";
import { startCommand } from "./start/startCommand.js";

export function createProgram(): Command {
  const program = new Command("piaa")
    .description("PANOPTES Image Analysis: light-curve pipeline, local and on Google Cloud")
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  program.addCommand(serveCommand());
  program.addCommand(policyCommand());
  program.addCommand(planCommand());
  program.addCommand(simulateCommand());
  program.addCommand(startCommand());
  program.addCommand(combineCommand());
  program.addCommand(reconcileCommand());
  program.addCommand(exportCommand());
  program.addCommand(analyzeCommand());
  program.addCommand(plotCommand());
  program.addCommand(reindexCommand());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await createProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
