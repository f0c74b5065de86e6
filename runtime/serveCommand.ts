/**
 * `piaa serve proxy|combiner|analyzer|dashboard`: one command with a subcommand per service (design §7); each
 * service's subcommand lives next to its code.
 */
import { Command } from "commander";
import { serveAnalyzerCommand } from "./analyzer/serveAnalyzerCommand.js";
import { serveCombinerCommand } from "./combiner/serveCombinerCommand.js";
import { serveDashboardCommand } from "./dashboard/serveDashboardCommand.js";
import { serveProxyCommand } from "./proxy/serveProxyCommand.js";

export function serveCommand(): Command {
  return new Command("serve")
    .description("run a PIAA service in the foreground")
    .addCommand(serveProxyCommand())
    .addCommand(serveCombinerCommand())
    .addCommand(serveAnalyzerCommand())
    .addCommand(serveDashboardCommand());
}
