/**
 * App Engine standard entry point of the proxy (bundled into one file with esbuild): reads the
 * environment (see config.ts), listens on $PORT and closes on SIGTERM. Configuration errors exit
 * with status 2 and a message naming the variable.
 */
import { reportError } from "../core/commandLine.js";
import { readProxyConfig } from "./config.js";
import { closeOnSignals, startProxyServer } from "./server.js";

try {
  closeOnSignals(await startProxyServer(readProxyConfig(process.env)));
} catch (error) {
  process.exitCode = reportError(error);
}
