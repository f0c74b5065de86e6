/**
 * The dashboard: read-only pages over the star index and the stored analyses and plots (design
 * §1: it never computes), an express Router that the proxy mounts at `/`, `piaa start` serves
 * through the proxy and `piaa serve dashboard` serves alone:
 *
 *     GET /?q=&candidates=1&sort=sde&order=desc&page=2   the star table (starTableQuery.ts)
 *     GET /stars/{pic}?back=…                              one star: figures, plots, segments
 *     GET /stars/{pic}/{generation}/{plot}.{png|svg}       plot = lightcurve | folded, of that MLC generation
 *     GET /stars/{pic}/{plot}.{png|svg}                    the same, of the stored analysis
 *     GET /stars/{pic}/export.{ecsv|fits}                  the light curve as `piaa export` writes it
 *
 * A request reads at most the index shards that changed (starIndexSnapshot.ts), one analysis
 * document or one plot: no analysis, no rendering. Only a download reads the MLC, to format it,
 * in slices that leave the event loop free between them (lightCurveDownload.ts). Plots are sent
 * as stored, with the store's generation as their ETag (no hashing of the bytes per request).
 */
import express, { Router, type NextFunction, type Request, type Response } from "express";
import type { Logger } from "pino";
import { PLOT_CONTENT_TYPES, readStoredAnalysis, readStoredPlot } from "../analysis/analysisStore.js";
import { DOWNLOAD_FORMATS, type DownloadFormat } from "../combiner/exportMasterLightCurve.js";
import { InvalidRequestError, NotFoundError } from "../core/errors.js";
import { httpStatusOf } from "../core/httpErrors.js";
import { isGeneration, isValidPic, PLOT_FORMATS, PLOT_KINDS, type PlotFormat, type PlotKind } from "../core/objectNames.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { CONTENT_SECURITY_POLICY, errorPage } from "./dashboardPages.js";
import { sendLightCurveDownload } from "./lightCurveDownload.js";
import { createStarIndexReader } from "./starIndexSnapshot.js";
import { starPage, starStatusPage, unreadableAnalysisPage } from "./starPage.js";
import { completenessSection } from "./completenessSection.js";
import { readCompletenessResult } from "../analysis/completenessResult.js";
import { starTablePage } from "./starTablePage.js";
import { parseStarTableQuery, selectStarTablePage, starTableHref } from "./starTableQuery.js";

export interface DashboardOptions {
  store: ObjectStore;
  logger: Logger;
  /** How stale the star table may be, ms. @default 1000 */
  indexRefreshMs?: number;
}

/** Where the router is mounted, ending in "/", for the pages' <base href>. */
const baseOf = (req: Request): string => `${req.baseUrl}/`;

function picParameter(req: Request): string {
  const pic = String(req.params.pic);
  if (!isValidPic(pic)) throw new InvalidRequestError("pic", `${JSON.stringify(pic)} is not a PIC id like PIC_J0326137+295015`);
  return pic;
}

/** The star table's address to go back to: rebuilt from its parsed settings, so never anything else. */
function backLink(req: Request): string {
  const back = typeof req.query.back === "string" && req.query.back.startsWith("./") ? req.query.back.slice(2).replace(/^\?/, "") : "";
  try {
    return starTableHref(parseStarTableQuery(Object.fromEntries(new URLSearchParams(back))));
  } catch {
    return "./";
  }
}

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).set({ "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CONTENT_SECURITY_POLICY, "Cache-Control": "no-cache" }).send(html);
}

export function createDashboardRouter({ store, logger, indexRefreshMs }: DashboardOptions): Router {
  const index = createStarIndexReader(store, { refreshMs: indexRefreshMs });
  const router = Router();

  router.get("/", async (req, res) => {
    const query = parseStarTableQuery(req.query as Record<string, unknown>);
    const snapshot = await index.snapshot();
    for (const fault of snapshot.faults) logger.warn({ fault }, "star index shard unreadable");
    sendHtml(res, 200, starTablePage(selectStarTablePage(snapshot.rows, query), snapshot.rows.length, snapshot.faults, baseOf(req)));
  });

  // Browsers ask for it on every page; there is none, and a 404 would be logged as an error.
  router.get("/favicon.ico", (_req, res) => void res.status(204).end());

  router.get("/stars/:pic", async (req, res) => {
    const pic = picParameter(req);
    const back = backLink(req);
    const [row, stored] = await Promise.all([index.snapshot().then((s) => s.byPic.get(pic)), readStoredAnalysis(store, pic)]);
    if (stored?.document) {
      const completeness = completenessSection(await readCompletenessResult(store, pic), stored.document);
      return sendHtml(res, 200, starPage(stored.document, back, baseOf(req), completeness));
    }
    if (stored?.fault) {
      logger.warn({ pic, error: stored.fault.message }, "stored analysis unreadable");
      return sendHtml(res, 500, unreadableAnalysisPage(pic, row?.name ?? null, stored.fault.message, back, baseOf(req)));
    }
    if (!row) throw new NotFoundError(`${pic} (not in the star index: no master light curve, or the analyzer has not seen it yet)`);
    sendHtml(res, 200, starStatusPage(row, back, baseOf(req)));
  });

  router.get("/stars/:pic/export.:format", async (req, res, next) => {
    const pic = picParameter(req);
    const format = String(req.params.format) as DownloadFormat;
    if (!DOWNLOAD_FORMATS.includes(format)) return next(); // export.png is a plot name for the route below to refuse
    await sendLightCurveDownload(res, store, pic, format);
  });

  /** A plot of an MLC generation never changes; one named by star only follows its stored analysis. */
  const sendPlot = async (req: Request, res: Response, generation: string | undefined): Promise<void> => {
    const pic = picParameter(req);
    const kind = String(req.params.plot) as PlotKind;
    const format = String(req.params.format) as PlotFormat;
    if (!PLOT_KINDS.includes(kind)) throw new InvalidRequestError("plot", `${JSON.stringify(kind)} is not one of ${PLOT_KINDS.join(", ")}`);
    if (!PLOT_FORMATS.includes(format)) throw new InvalidRequestError("format", `${JSON.stringify(format)} is not png or svg`);
    const mlcGeneration = generation ?? (await readStoredAnalysis(store, pic))?.document?.mlcGeneration;
    if (mlcGeneration === undefined) throw new NotFoundError(`${pic} (no stored analysis, so no plots)`);
    const plot = await readStoredPlot(store, pic, mlcGeneration, kind, format);
    res.set({
      "Content-Type": PLOT_CONTENT_TYPES[format],
      "Cache-Control": generation === undefined ? "no-cache" : "public, max-age=31536000, immutable",
      ETag: `"${plot.generation}"`,
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
    });
    if (req.fresh) return void res.status(304).end();
    res.send(plot.data);
  };

  router.get("/stars/:pic/:generation/:plot.:format", async (req, res) => {
    const generation = String(req.params.generation);
    if (!isGeneration(generation)) throw new InvalidRequestError("generation", `${JSON.stringify(generation)} is not an MLC generation`);
    await sendPlot(req, res, generation);
  });
  router.get("/stars/:pic/:plot.:format", (req, res) => sendPlot(req, res, undefined));

  // Pages answer errors as pages: the status from the one mapping, the message for 4xx only.
  router.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = httpStatusOf(error);
    if (status >= 500) logger.error({ err: error, path: req.path }, "dashboard request failed");
    const message = status < 500 && error instanceof Error ? error.message : "internal error";
    sendHtml(res, status, errorPage(status, message, baseOf(req)));
  });
  return router;
}

/** The router as an app of its own (the proxy's dashboard worker, `piaa serve dashboard`), with the proxy app's settings. */
export function createDashboardApp(options: DashboardOptions): express.Express {
  return express().disable("x-powered-by").use("/", createDashboardRouter(options));
}
