/**
 * `piaa serve combiner [--port P]`: runs the combiner service in the foreground, configured like
 * the container (PIAA_COMBINER_TOKEN, PORT, LOG_LEVEL, PIAA_COMBINER_* tuning; see config.ts),
 * with --bucket and --port taking precedence over PIAA_BUCKET and PORT.
 */
import { Option } from "commander";
import { piaaCommand, portNumber } from "../core/commandLine.js";
import { readCombinerConfig } from "./config.js";
import { exitOnSignals } from "../core/exitOnSignals.js";
import { startCombinerServer } from "./server.js";

export function serveCombinerCommand() {
  return piaaCommand("combiner", "run the combiner service: POST /v1/segments merges segments into master light curves")
    .addOption(new Option("--port <port>", "port to listen on (0: any free port)").env("PORT").argParser(portNumber("--port")))
    .addOption(new Option("--host <address>", "address to listen on").env("PIAA_COMBINER_HOST").default("127.0.0.1"))
    .addHelpText(
      "after",
      "\nEnvironment: PIAA_COMBINER_TOKEN (required bearer secret), LOG_LEVEL, PIAA_COMBINER_WINDOW_MS,\n" +
        "PIAA_COMBINER_MAX_PENDING, PIAA_COMBINER_MAX_BODY_BYTES, PIAA_COMBINER_DRAIN_TIMEOUT_MS,\n" +
        "PIAA_COMBINER_TAIL_POINTS, PIAA_COMBINER_CACHE_POINTS, PIAA_SEGMENT_MAX_BYTES, PIAA_SEGMENT_MAX_POINTS\n" +
        "(see runtime/combiner/config.ts).",
    )
    .action(async (options: { bucket: string; port?: number; host: string }) => {
      const config = readCombinerConfig({
        ...process.env,
        PIAA_BUCKET: options.bucket,
        PORT: options.port?.toString(),
        PIAA_COMBINER_HOST: options.host,
      });
      await exitOnSignals(startCombinerServer(config), (running, signal) => running.shutdown(signal));
    });
}
