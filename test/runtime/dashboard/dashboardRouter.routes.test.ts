/**
 * The dashboard's routes at the paths its header documents (dashboardRouter.ts), each answered by
 * an app built inside the test: plots of an MLC generation (kept for good) and of the stored
 * analysis (revalidated), the ECSV and FITS downloads, the refusals naming the parameter, the
 * error page that keeps a server fault's message to the log, and the mount point in <base href>.
 * (dashboardRouter.test and dashboardExports build their app once before their tests, where a
 * mutation run has no mutant active yet.)
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeAnalysisDocument, writeStoredPlots } from "../../../runtime/analysis/analysisStore.js";
import { updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { analysedRow } from "../../../runtime/analysis/starIndexRow.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { analysisName, masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { createDashboardApp, createDashboardRouter } from "../../../runtime/dashboard/dashboardRouter.js";
import { delegate } from "../analyzer/storeWrappers.js";
import { analysedIndexRow, picOf } from "./analysedIndexRow.js";
import { recordedLogger } from "./recordedLogger.js";
import { surveyAnalysis } from "./surveyBucket.js";
import { DASHBOARD_STARS, writeSyntheticStars } from "./syntheticStars.js";

const STAR = DASHBOARD_STARS[2]!.pic;
const STAR_PATH = `/stars/${encodeURIComponent(STAR)}`;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const silent = createLogger({ service: "test", level: "silent" });

describe("the dashboard's routes", () => {
  let root: string;
  let store: FsObjectStore;
  let mlcGeneration: string;
  const dashboard = (over: ObjectStore = store, logger = silent) => createDashboardApp({ store: over, logger, indexRefreshMs: 0 });

  // A stored analysis, its plots and its index row as the analyzer writes them (the analysis itself
  // is the analyzer's tests' concern: a plausible document, and plots that are just stored bytes).
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-routes-"));
    store = new FsObjectStore({ root });
    await writeSyntheticStars(store, [DASHBOARD_STARS[2]!]);
    mlcGeneration = (await store.stat(masterLightCurveName(STAR))).generation;
    const survey = surveyAnalysis(0);
    const document = { ...survey, pic: STAR, mlcGeneration, segmentList: survey.segmentList.map((s) => ({ ...s, object: s.object.replace(survey.pic, STAR) })) };
    await store.put(analysisName(STAR), encodeAnalysisDocument(document));
    const plot = (kind: string) => ({ svg: `<svg xmlns="http://www.w3.org/2000/svg"><title>${kind}</title></svg>`, png: Buffer.concat([PNG_SIGNATURE, Buffer.from(kind)]) });
    await writeStoredPlots(store, STAR, mlcGeneration, [{ kind: "lightcurve", ...plot("lightcurve") }, { kind: "folded", ...plot("folded") }]);
    await updateStarIndex(store, [{ pic: STAR, row: analysedRow(document) }]);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("serves a plot of an MLC generation at /stars/{pic}/{generation}/{plot}.{format}, cacheable for good, with its generation as ETag", async () => {
    const app = dashboard();
    for (const [plot, format, type] of [["folded", "png", "image/png"], ["lightcurve", "svg", "image/svg+xml"]] as const) {
      const res = await request(app).get(`${STAR_PATH}/${mlcGeneration}/${plot}.${format}`).responseType("blob").expect(200);
      expect(res.headers["content-type"]).toBe(type);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(res.headers["content-security-policy"]).toBe("default-src 'none'; style-src 'unsafe-inline'");
      const stored = await store.get(`ANALYSIS/${STAR}/${mlcGeneration}/${plot}.${format}`);
      expect(res.headers.etag).toBe(`"${stored.generation}"`);
      expect(Buffer.compare(res.body as Buffer, stored.data)).toBe(0);
      await request(app).get(`${STAR_PATH}/${mlcGeneration}/${plot}.${format}`).set("If-None-Match", `"${stored.generation}"`).expect(304);
    }
  });

  it("serves the stored analysis's plot at /stars/{pic}/{plot}.{format}, to be revalidated on every use", async () => {
    const app = dashboard();
    const res = await request(app).get(`${STAR_PATH}/lightcurve.svg`).responseType("blob").expect(200);
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(Buffer.compare(res.body as Buffer, (await store.get(`ANALYSIS/${STAR}/${mlcGeneration}/lightcurve.svg`)).data)).toBe(0);
    const none = await request(app).get(`/stars/${encodeURIComponent(picOf(7))}/folded.png`).expect(404);
    expect(none.text).toContain(`object not found: ${picOf(7)} (no stored analysis, so no plots)`);
  });

  it("serves the light curve at /stars/{pic}/export.{ecsv|fits} as a named attachment", async () => {
    const app = dashboard();
    const ecsv = await request(app).get(`${STAR_PATH}/export.ecsv`).expect(200);
    expect(ecsv.headers["content-disposition"]).toBe(`attachment; filename="${STAR}.ecsv"`);
    expect(ecsv.text.split("\n")[0]).toBe("# %ECSV 1.0");
    const fits = await request(app).get(`${STAR_PATH}/export.fits`).responseType("blob").expect(200);
    expect(fits.headers["content-disposition"]).toBe(`attachment; filename="${STAR}.fits"`);
    expect((fits.body as Buffer).subarray(0, 30).toString("latin1")).toBe(`SIMPLE  = ${"T".padStart(20)}`);
  });

  it.each([
    // export.png is a plot name: the plot route refuses it as a plot, not the download route as a format.
    [`${STAR_PATH}/export.png`, "plot: &quot;export&quot; is not one of lightcurve, folded"],
    [`${STAR_PATH}/folded.gif`, "format: &quot;gif&quot; is not png or svg"],
    [`${STAR_PATH}/orbit.svg`, "plot: &quot;orbit&quot; is not one of lightcurve, folded"],
    [`${STAR_PATH}/0123/folded.png`, "generation: &quot;0123&quot; is not an MLC generation"],
    [`${STAR_PATH}/latest/folded.png`, "generation: &quot;latest&quot; is not an MLC generation"],
  ])("refuses %s with a 400 page naming the parameter and the value", async (url, message) => {
    const res = await request(dashboard()).get(url).expect(400);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.text).toContain(`<h1>Error 400</h1><p>invalid request: ${message}</p>`);
  });

  it("answers a store fault with a 500 page that says only 'internal error', logging the fault with the path", async () => {
    const { logger, records } = recordedLogger("test", "info");
    const failing: ObjectStore = { ...delegate(store), get: () => Promise.reject(new Error("disk on fire at /secret/path")) };
    const url = `${STAR_PATH}/${mlcGeneration}/folded.png`;
    const res = await request(dashboard(failing, logger)).get(url).expect(500);
    expect(res.text).toContain("<h1>Error 500</h1><p>internal error</p>");
    expect(res.text).not.toContain("disk on fire");
    const logged = records.find((record) => record.message === "dashboard request failed");
    expect(logged).toMatchObject({ path: url, err: { message: "disk on fire at /secret/path" } });
  });

  it("links a star's page back to the table page it was opened from, settings and all", async () => {
    const app = dashboard();
    for (const table of ["./?sort=sde&page=2", "./?q=hd&candidates=1", "./"]) {
      const page = await request(app).get(`${STAR_PATH}?back=${encodeURIComponent(table)}`).expect(200);
      expect(page.text).toContain(`<a href="${table.replace(/&/g, "&amp;")}" id="back">`);
    }
  });

  it("answers the browser's favicon request with an empty 204", async () => {
    const res = await request(dashboard()).get("/favicon.ico").expect(204);
    expect(res.text).toBe("");
  });

  it("points <base href> at where it is mounted, so relative links stay under the mount", async () => {
    const app = express().use("/survey/dash", createDashboardRouter({ store, logger: silent, indexRefreshMs: 0 }));
    for (const url of ["/survey/dash/", `/survey/dash${STAR_PATH}`, "/survey/dash/stars/nope"]) {
      expect((await request(app).get(url)).text).toContain('<base href="/survey/dash/">');
    }
    expect((await request(dashboard()).get("/")).text).toContain('<base href="/">');
  });

  it("shows a star added to the index on the next request, with no refresh interval to wait", async () => {
    const app = dashboard();
    const added = picOf(424242);
    expect((await request(app).get("/").expect(200)).text).not.toContain(added);
    await updateStarIndex(store, [{ pic: added, row: analysedIndexRow(added) }]);
    expect((await request(app).get("/").expect(200)).text).toContain(`data-pic="${added}"`);
  });
});
