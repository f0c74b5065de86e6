/**
 * `piaa serve proxy|combiner|analyzer|dashboard`: one command with a subcommand per service (design §7); each
 * service's subcommand lives next to its code.
 */
import { Command } from "commander";
import { type CommandLoader, commandsFor } from "./core/commandLine.js";

/** Keyed by each command's name: a service's process loads its own service's code only. */
export const SERVICE_COMMANDS: Record<string, CommandLoader> = {
  proxy: async () => (await import("./proxy/serveProxyCommand.js")).serveProxyCommand(),
  combiner: async () => (await import("./combiner/serveCombinerCommand.js")).serveCombinerCommand(),
  analyzer: async () => (await import("./analyzer/serveAnalyzerCommand.js")).serveAnalyzerCommand(),
  dashboard: async () => (await import("./dashboard/serveDashboardCommand.js")).serveDashboardCommand(),
};

/** `args`: the words after `serve` (see commandsFor). */
export async function serveCommand(args: string[] = []): Promise<Command> {
  const serve = new Command("serve").description("run a PIAA service in the foreground");
  for (const command of await commandsFor(SERVICE_COMMANDS, args)) serve.addCommand(command);
  return serve;
}
