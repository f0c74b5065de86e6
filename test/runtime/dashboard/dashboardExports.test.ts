/** The star page's download links and the route behind them (issue 18). */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshStar } from "../../../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../../../runtime/analyzer/starIndexWriter.js";
import { formatExport } from "../../../runtime/combiner/exportMasterLightCurve.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardRouter } from "../../../runtime/dashboard/dashboardRouter.js";
import { DASHBOARD_STARS, writeSyntheticStars } from "./syntheticStars.js";

const STAR = DASHBOARD_STARS[2]!;
const escaped = encodeURIComponent(STAR.pic);

describe("dashboard downloads", () => {
  let root: string;
  let store: FsObjectStore;
  let app: express.Express;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-export-"));
    store = new FsObjectStore({ root });
    await writeSyntheticStars(store, [STAR]);
    // The star page shows a stored analysis (the dashboard never computes one): the analyzer's step.
    await refreshStar({ store, index: createStarIndexWriter(store) }, STAR.pic);
    app = express();
    app.use("/", createDashboardRouter({ store, logger: createLogger({ service: "test", level: "silent" }) }));
  }, 60_000);

  afterAll(() => rm(root, { recursive: true, force: true }));

  it("links the star page to the ECSV and FITS exports", async () => {
    const page = await request(app).get(`/stars/${escaped}`).expect(200);
    expect(page.text).toContain(`<a href="stars/${escaped}/export.ecsv" download>ECSV</a>`);
    expect(page.text).toContain(`<a href="stars/${escaped}/export.fits" download>FITS</a>`);
  });

  it("serves exactly what piaa export writes, as a named attachment", async () => {
    const { mlc, generation } = await loadMasterLightCurve(store, STAR.pic);
    const ecsv = await request(app).get(`/stars/${escaped}/export.ecsv`).expect(200);
    expect(ecsv.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(ecsv.headers["content-disposition"]).toBe(`attachment; filename="${STAR.pic}.ecsv"`);
    expect(ecsv.text).toBe(formatExport(mlc, "ecsv", { mlcGeneration: generation }));
    const fits = await request(app).get(`/stars/${escaped}/export.fits`).responseType("blob").expect(200);
    expect(fits.headers["content-type"]).toBe("application/fits");
    expect(Buffer.compare(fits.body as Buffer, formatExport(mlc, "fits", { mlcGeneration: generation }) as Buffer)).toBe(0);
  });

  it.each([
    [`/stars/${escaped}/export.csv`, 400, /&quot;export&quot; is not one of lightcurve, folded/],
    ["/stars/PIC_J0000000+000000/export.ecsv", 404, /object not found: MLC\/PIC_J0000000\+000000\.json/],
  ])("answers %s with %i", async (url, status, message) => {
    const res = await request(app).get(url).expect(status);
    expect(res.text).toMatch(message);
  });
});
