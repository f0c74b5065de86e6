/**
 * The baseline of the push-path bench (dashboard.bench.ts): the proxy as it was before the
 * dashboard moved to a worker thread, the dashboard router run on the proxy's own event loop.
 * Configured and started like runtime/proxy/main.ts, and bundled like it.
 */
import { reportError } from "../runtime/core/commandLine.js";
import { exitOnSignals } from "../runtime/core/exitOnSignals.js";
import { createLogger } from "../runtime/core/logging.js";
import { openObjectStore } from "../runtime/core/store/openObjectStore.js";
import { createDashboardRouter } from "../runtime/dashboard/dashboardRouter.js";
import { readProxyConfig } from "../runtime/proxy/config.js";
import { closeProxy, startProxyServer } from "../runtime/proxy/server.js";

try {
  const config = readProxyConfig(process.env);
  const logger = createLogger({ service: "proxy", level: config.logLevel });
  const handler = createDashboardRouter({ store: openObjectStore(config.bucket), logger: logger.child({ component: "dashboard" }) });
  await exitOnSignals(startProxyServer(config, { logger, dashboard: { handler, close: async () => {} } }), closeProxy);
} catch (error) {
  process.exitCode = reportError(error);
}
