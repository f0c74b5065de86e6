/**
 * Loads the dashboard router for the proxy to mount at `/` (design §5), over the bucket in
 * PIAA_BUCKET. The module is imported by a computed specifier, which esbuild leaves alone: the
 * dashboard's PNG plots use @resvg/resvg-js, a native addon that cannot be inlined into the
 * single-file App Engine bundle. Run from source (`piaa start`, `piaa serve proxy`) the dashboard
 * loads; in a bundle without it the proxy serves notifications and logs that the dashboard is
 * unavailable, rather than failing to start.
 */
import type { Router } from "express";
import type { Logger } from "pino";
import type * as DashboardModule from "../dashboard/dashboardRouter.js";
import { openObjectStore } from "../core/store/openObjectStore.js";

const DASHBOARD_MODULE = ["..", "dashboard", "dashboardRouter.js"].join("/");

export async function loadDashboard(bucket: string, logger: Logger): Promise<Router | undefined> {
  let dashboard: typeof DashboardModule;
  try {
    dashboard = (await import(DASHBOARD_MODULE)) as typeof DashboardModule;
  } catch (error) {
    logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "dashboard unavailable in this build; serving notifications only");
    return undefined;
  }
  return dashboard.createDashboardRouter({ store: openObjectStore(bucket), logger: logger.child({ component: "dashboard" }) });
}
