/**
 * Container entry point of the analyzer (the image the combiner uses, another command): reads the
 * environment (config.ts), runs until SIGTERM. Configuration errors exit with status 2 and a
 * message naming the variable.
 */
import { reportError } from "../core/commandLine.js";
import { exitOnSignals } from "../core/exitOnSignals.js";
import { readAnalyzerConfig } from "./config.js";
import { startAnalyzerServer } from "./server.js";

try {
  await exitOnSignals(startAnalyzerServer(readAnalyzerConfig(process.env)), (running, signal) => running.shutdown(signal));
} catch (error) {
  process.exitCode = reportError(error);
}
