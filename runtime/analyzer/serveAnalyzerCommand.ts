/**
 * `piaa serve analyzer [--port P]`: runs the analyzer in the foreground, configured like the
 * container (PIAA_ANALYZER_*, PORT, LOG_LEVEL; see config.ts), with --bucket and --port taking
 * precedence over PIAA_BUCKET and PORT. Without PIAA_ANALYZER_SUBSCRIPTION it scans a
 * filesystem bucket for changed MLCs, as `piaa start` runs it.
 */
import { Option } from "commander";
import { piaaCommand, portNumber } from "../core/commandLine.js";
import { exitOnSignals } from "../core/exitOnSignals.js";
import { DEFAULT_THREAD_HEAP_MB } from "./analysisPool.js";
import { readAnalyzerConfig } from "./config.js";
import { startAnalyzerServer } from "./server.js";

export function serveAnalyzerCommand() {
  return piaaCommand("analyzer", "run the analyzer: keeps every star's analysis, plots and index row current as its MLC changes")
    .addOption(new Option("--port <port>", "port of the health endpoint (0: any free port)").env("PORT").argParser(portNumber("--port")))
    .addOption(new Option("--host <address>", "address of the health endpoint").env("PIAA_ANALYZER_HOST").default("127.0.0.1"))
    .addHelpText(
      "after",
      "\nEnvironment: PIAA_ANALYZER_SUBSCRIPTION (projects/P/subscriptions/S: pull MLC notifications; unset: scan the bucket),\n" +
        "PIAA_ANALYZER_INTERVAL_MS (per-star debounce), PIAA_ANALYZER_THREADS (analysis threads; default the CPUs available,\n" +
        `counting the container's CPU limit; 0: on the event loop), PIAA_ANALYZER_THREAD_HEAP_MB (heap limit per thread, default ${DEFAULT_THREAD_HEAP_MB}),\n` +
        "PIAA_ANALYZER_CONCURRENCY (stars at once, default 2 per thread), PIAA_ANALYZER_MAX_MESSAGES, PIAA_ANALYZER_SCAN_MS,\n" +
        "LOG_LEVEL (see runtime/analyzer/config.ts).",
    )
    .action(async (options: { bucket: string; port?: number; host: string }) => {
      const config = readAnalyzerConfig({ ...process.env, PIAA_BUCKET: options.bucket, PORT: options.port?.toString(), PIAA_ANALYZER_HOST: options.host });
      await exitOnSignals(startAnalyzerServer(config), (running, signal) => running.shutdown(signal));
    });
}
