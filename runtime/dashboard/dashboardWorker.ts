/**
 * Entry of the proxy's dashboard worker thread (dashboardThread.ts): the dashboard app over its
 * own store, opened from the bucket URL, served on the private socket the main thread forwards
 * to. Its logs go straight to the process's stdout with the proxy's logger settings.
 */
import http from "node:http";
import os from "node:os";
import { workerData } from "node:worker_threads";
import { createLogger } from "../core/logging.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { createDashboardApp } from "./dashboardRouter.js";
import { listenInDashboardWorker, type DashboardWorkerData } from "./dashboardThread.js";

/**
 * How much nicer than the proxy's main thread the dashboard thread runs. Linux keeps a nice value
 * per thread (os.getPriority/setPriority of pid 0 are the calling thread's), so this lowers the
 * dashboard thread alone: when the cores are busy the scheduler runs the push path first.
 */
export const DASHBOARD_THREAD_NICENESS = 10;
/** The largest nice value (lowest priority) Linux allows. */
const NICEST = 19;

const data = workerData as DashboardWorkerData;
const logger = createLogger(data.logger).child({ component: "dashboard" });
try {
  os.setPriority(Math.min(NICEST, os.getPriority() + DASHBOARD_THREAD_NICENESS));
} catch (error) {
  logger.warn({ error: error instanceof Error ? error.message : String(error) }, "could not lower the dashboard thread's priority");
}
const app = createDashboardApp({ store: openObjectStore(data.bucket), logger });
await listenInDashboardWorker(http.createServer(app), data, logger);
