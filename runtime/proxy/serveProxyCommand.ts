/**
 * `piaa serve proxy [--port P]`: runs the notification proxy in the foreground, configured like
 * App Engine (PIAA_COMBINER_URL, PIAA_COMBINER_TOKEN, PIAA_PUSH_AUDIENCE,
 * PIAA_PUSH_SERVICE_ACCOUNT...; see config.ts), with --bucket, --port and --host taking
 * precedence over PIAA_BUCKET, PORT and PIAA_PROXY_HOST.
 */
import { Option } from "commander";
import { piaaCommand, portNumber } from "../core/commandLine.js";
import { createLogger } from "../core/logging.js";
import { readProxyConfig } from "./config.js";
import { startDashboardWorker } from "./dashboardForwarder.js";
import { exitOnSignals } from "../core/exitOnSignals.js";
import { closeProxy, startProxyServer } from "./server.js";

export function serveProxyCommand() {
  return piaaCommand("proxy", "run the notification proxy: Pub/Sub push and OCN notifications forwarded to the combiner")
    .addOption(new Option("--port <port>", "port to listen on (0: any free port)").env("PORT").argParser(portNumber("--port")))
    .addOption(new Option("--host <address>", "address to listen on").env("PIAA_PROXY_HOST").default("127.0.0.1"))
    .addHelpText(
      "after",
      "\nEnvironment: PIAA_COMBINER_URL (required; comma-separated for several combiners), PIAA_COMBINER_TOKEN (required),\n" +
        "PIAA_PUSH_AUDIENCE and PIAA_PUSH_SERVICE_ACCOUNT (required OIDC checks), PIAA_PUSH_CERTS_URL, PIAA_OCN_CHANNEL_TOKEN, PIAA_PROXY_DRAIN_TIMEOUT_MS, LOG_LEVEL;\n" +
        "on App Engine PIAA_COMBINER_TOKEN_SECRET and PIAA_OCN_CHANNEL_TOKEN_SECRET (Secret Manager versions read at start);\n" +
        "behind IAP PIAA_DASHBOARD_IAP_AUDIENCE (check x-goog-iap-jwt-assertion) and PIAA_IAP_CERTS_URL (its keys, default Google's).",
    )
    .action(async (options: { bucket: string; port?: number; host: string }) => {
      const config = readProxyConfig({ ...process.env, PIAA_BUCKET: options.bucket, PORT: options.port?.toString(), PIAA_PROXY_HOST: options.host });
      const logger = createLogger({ service: "proxy", level: config.logLevel });
      await exitOnSignals(startProxyServer(config, { logger, dashboard: startDashboardWorker(options.bucket, logger) }), closeProxy);
    });
}
