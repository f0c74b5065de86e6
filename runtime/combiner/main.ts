/**
 * Container entry point of the combiner (runtime/Dockerfile bundles this file with esbuild):
 * reads the environment, listens, and drains on SIGTERM/SIGINT. Configuration errors exit with
 * status 2 and a message naming the variable.
 */
import { reportError } from "../core/commandLine.js";
import { readCombinerConfig } from "./config.js";
import { exitOnSignals } from "../core/exitOnSignals.js";
import { startCombinerServer } from "./server.js";

try {
  await exitOnSignals(startCombinerServer(readCombinerConfig(process.env)), (running, signal) => running.shutdown(signal));
} catch (error) {
  process.exitCode = reportError(error);
}
