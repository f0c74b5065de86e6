/**
 * App Engine standard entry point of the proxy (bundled into one file with esbuild): reads the
 * environment (see config.ts), its tokens from Secret Manager where the environment names them, serves the
 * dashboard from a worker thread when PIAA_BUCKET is set (dashboardForwarder.ts), listens on $PORT and
 * closes on SIGTERM. Configuration errors exit with status 2 and a message naming the variable.
 */
import { reportError } from "../core/commandLine.js";
import { createLogger } from "../core/logging.js";
import { readProxyConfig } from "./config.js";
import { secretManagerSource, withSecretsFromManager } from "./secretEnvironment.js";
import { startDashboardWorker } from "./dashboardForwarder.js";
import { exitOnSignals } from "../core/exitOnSignals.js";
import { closeProxy, startProxyServer } from "./server.js";

try {
  const config = readProxyConfig(await withSecretsFromManager(process.env, secretManagerSource()));
  const logger = createLogger({ service: "proxy", level: config.logLevel });
  const dashboard = config.bucket === undefined ? undefined : startDashboardWorker(config.bucket, logger);
  await exitOnSignals(startProxyServer(config, { logger, dashboard }), closeProxy);
} catch (error) {
  process.exitCode = reportError(error);
}
