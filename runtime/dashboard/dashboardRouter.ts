/**
 * The dashboard (issue 9): read-only pages over the bucket's master light curves, an express
 * Router that the proxy app mounts at `/` (and `piaa start` serves):
 *
 *     GET /                          the table of stars (sortable)
 *     GET /stars/{pic}               one star: figures, plots, segments
 *     GET /stars/{pic}/{plot}.png    plot = lightcurve | folded; also .svg
 *     GET /stars/{pic}/export.ecsv   the light curve as `piaa export --format ecsv`; also .fits
 *
 * Analyses and plots are computed on demand and cached by MLC generation (starCache.ts).
 */
import { Router, type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import { PLOT_KINDS, type PlotKind } from "../analysis/plots.js";
import { readStarLightCurve } from "../analysis/analysisStore.js";
import { DOWNLOAD_FORMATS, DOWNLOAD_MEDIA_TYPES, formatExport, type DownloadFormat } from "../combiner/exportMasterLightCurve.js";
import { InvalidRequestError } from "../core/errors.js";
import { httpStatusOf } from "../core/httpErrors.js";
import { isValidPic } from "../core/objectNames.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { CONTENT_SECURITY_POLICY, errorPage, starPage, starTablePage } from "./dashboardPages.js";
import { createStarCache, DEFAULT_MAX_CACHED_STARS } from "./starCache.js";

export interface DashboardOptions {
  store: ObjectStore;
  logger: Logger;
  /** Stars whose plots are kept in memory. @default 32 */
  maxCachedStars?: number;
}

const CONTENT_TYPES = { png: "image/png", svg: "image/svg+xml" } as const;

/** Where the router is mounted, ending in "/", for the pages' <base href>. */
const baseOf = (req: Request): string => `${req.baseUrl}/`;

function picParameter(req: Request): string {
  const pic = String(req.params.pic);
  if (!isValidPic(pic)) throw new InvalidRequestError("pic", `${JSON.stringify(pic)} is not a PIC id like PIC_J0326137+295015`);
  return pic;
}

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).set({ "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache" }).send(html);
}

export function createDashboardRouter({ store, logger, maxCachedStars = DEFAULT_MAX_CACHED_STARS }: DashboardOptions): Router {
  const cache = createStarCache(store, {
    maxStars: maxCachedStars,
    // The proxy may only read the bucket: then analyses are recomputed, not stored.
    onWriteError: (pic, error) => logger.warn({ pic, error: error instanceof Error ? error.message : String(error) }, "analysis not stored"),
  });
  const router = Router();

  router.get("/", async (req, res) => {
    const stars = await cache.stars();
    sendHtml(res, 200, starTablePage(stars.map((s) => s.analysis), baseOf(req)));
  });

  // Browsers ask for it on every page; there is none, and a 404 would be logged as an error.
  router.get("/favicon.ico", (_req, res) => void res.status(204).end());

  router.get("/stars/:pic", async (req, res) => {
    const pic = picParameter(req);
    const [{ mlc }, analysis] = await Promise.all([readStarLightCurve(store, pic), cache.analysis(pic)]);
    sendHtml(res, 200, starPage(mlc, analysis, baseOf(req)));
  });

  router.get("/stars/:pic/export.:format", async (req, res, next) => {
    const pic = picParameter(req);
    const format = String(req.params.format) as DownloadFormat;
    if (!DOWNLOAD_FORMATS.includes(format)) return next(); // export.png is a plot name for the route below to refuse
    const { mlc, generation } = await readStarLightCurve(store, pic);
    res.set({ "Content-Type": DOWNLOAD_MEDIA_TYPES[format], "Content-Disposition": `attachment; filename="${pic}.${format}"` });
    res.send(formatExport(mlc, format, { mlcGeneration: generation }));
  });

  router.get("/stars/:pic/:plot.:format", async (req, res) => {
    const pic = picParameter(req);
    const kind = String(req.params.plot) as PlotKind;
    const format = String(req.params.format);
    if (!PLOT_KINDS.includes(kind)) throw new InvalidRequestError("plot", `${JSON.stringify(kind)} is not one of ${PLOT_KINDS.join(", ")}`);
    if (format !== "png" && format !== "svg") throw new InvalidRequestError("format", `${JSON.stringify(format)} is not png or svg`);
    const chart = await cache.plot(pic, kind);
    res.set({ "Content-Type": CONTENT_TYPES[format], "Cache-Control": "no-cache" }).send(format === "png" ? chart.png : chart.svg);
  });

  // Pages answer errors as pages: the status from the one mapping, the message for 4xx only.
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = httpStatusOf(error);
    if (status >= 500) logger.error({ err: error, path: req.path }, "dashboard request failed");
    const message = status < 500 && error instanceof Error ? error.message : "internal error";
    sendHtml(res, status, errorPage(status, message, baseOf(req)));
  });
  return router;
}
