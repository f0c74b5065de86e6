/**
 * `piaa serve dashboard [--port P]`: the dashboard of a bucket on its own, read-only, with no
 * other settings: `piaa serve dashboard --bucket gs://name` or a directory (reopen a local run's
 * dashboard after `piaa start --exit-when-done`).
 */
import http from "node:http";
import { Option } from "commander";
import { piaaCommand, UsageError } from "../core/commandLine.js";
import { type CommandOutput, processOutput } from "../core/commandArguments.js";
import { exitOnSignals } from "../core/exitOnSignals.js";
import { listenHttp } from "../core/httpService.js";
import { createLogger } from "../core/logging.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { createDashboardApp } from "./dashboardRouter.js";

/** Ctrl-C or SIGTERM: requests received are answered for this long (a large download takes seconds). */
const DRAIN_TIMEOUT_MS = 10_000;

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new UsageError(`--port must be a port number from 0 to 65535 (got ${JSON.stringify(value)})`);
  return n;
}

export function serveDashboardCommand(output: CommandOutput = processOutput) {
  return piaaCommand("dashboard", "serve the dashboard of a bucket (read-only: star table, star pages, plots)")
    .addOption(new Option("--port <port>", "port to listen on (0: any free port)").env("PORT").argParser(port).default(8080))
    .addOption(new Option("--host <address>", "address to listen on").default("127.0.0.1"))
    .action(async (options: { bucket: string; port: number; host: string }) => {
      const store = openObjectStore(options.bucket);
      const logger = createLogger({ service: "dashboard" });
      const app = createDashboardApp({ store, logger });
      const service = await exitOnSignals(listenHttp(http.createServer(app), options.port, options.host), (started) =>
        started.drain({ timeoutMs: DRAIN_TIMEOUT_MS }),
      );
      output.stdout(`Dashboard of ${store.url}: http://${options.host}:${service.port}/ (Ctrl-C to stop)\n`);
    });
}
