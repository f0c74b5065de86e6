/**
 * The dashboard router the proxy mounts at `/` (design §5), over the bucket in PIAA_BUCKET.
 */
import type { Router } from "express";
import type { Logger } from "pino";
import { createDashboardRouter } from "../dashboard/dashboardRouter.js";
import { openObjectStore } from "../core/store/openObjectStore.js";

export function loadDashboard(bucket: string, logger: Logger): Router {
  return createDashboardRouter({ store: openObjectStore(bucket), logger: logger.child({ component: "dashboard" }) });
}
