import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analysisName } from "../../../runtime/core/objectNames.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardRouter } from "../../../runtime/dashboard/dashboardRouter.js";
import { DASHBOARD_STARS, writeSyntheticStars } from "./syntheticStars.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe("createDashboardRouter", () => {
  let root: string;
  let store: FsObjectStore;
  let app: express.Express;
  const [planet, quiet, short] = DASHBOARD_STARS.map((s) => s.pic) as [string, string, string];

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-"));
    store = new FsObjectStore({ root });
    await writeSyntheticStars(store, DASHBOARD_STARS);
    app = express();
    app.use("/", createDashboardRouter({ store, logger: createLogger({ service: "test", level: "silent" }) }));
  }, 60_000);

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("lists every star with its figures, sorted by name, under a strict CSP", async () => {
    const res = await request(app).get("/").expect(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.headers["content-security-policy"]).toMatch(/default-src 'none'.*script-src 'sha256-/);
    const rows = res.text.match(/<tr><td class="text" data-v="(PIC_[^"]+)"/g)!.map((r) => r.replace(/.*data-v="/, "").replace(/"$/, ""));
    expect(rows).toEqual([quiet, short, planet].sort());
    expect(res.text).toContain(`href="stars/${encodeURIComponent(planet)}"`);
    // The planet's row shows the injected 1.37-d period (synthetic truth, syntheticStars.ts).
    const planetRow = res.text.split("\n").find((line) => line.includes(`data-v="${planet}"`))!;
    expect(planetRow).toMatch(/>1\.3[67]\d{3}</);
    // The analyses were stored for `piaa analyze` to reuse.
    expect((await store.stat(analysisName(planet))).size).toBeGreaterThan(0);
  });

  it("shows a star's plots and segments", async () => {
    const res = await request(app).get(`/stars/${encodeURIComponent(planet)}`).expect(200);
    expect(res.text).toContain(`<img src="stars/${encodeURIComponent(planet)}/lightcurve.png"`);
    expect(res.text).toContain(`<img src="stars/${encodeURIComponent(planet)}/folded.png"`);
    expect(res.text.match(/<tr><td class="text" data-v="LC\/PIC_J2000437\+224239\/PAN000\//g)).toHaveLength(16);
  });

  it("serves the plots as PNG and SVG, the same bytes again while the MLC is unchanged", async () => {
    const png = await request(app).get(`/stars/${planet}/folded.png`).buffer(true).expect(200);
    expect(png.headers["content-type"]).toBe("image/png");
    expect((png.body as Buffer).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const svg = await request(app).get(`/stars/${planet}/lightcurve.svg`).expect(200);
    expect(svg.headers["content-type"]).toMatch(/image\/svg\+xml/);
    expect(String(svg.text ?? svg.body)).toContain("<svg");
    const again = await request(app).get(`/stars/${planet}/folded.png`).buffer(true).expect(200);
    expect(Buffer.compare(again.body as Buffer, png.body as Buffer)).toBe(0);
  });

  it("recomputes when the MLC changes", async () => {
    await writeSyntheticStars(store, [{ ...DASHBOARD_STARS[2]!, nights: 4 }]);
    const res = await request(app).get(`/stars/${encodeURIComponent(short)}`).expect(200);
    expect(res.text).toContain("1152 points in 8 segments");
  });

  it.each([
    ["/stars/not-a-star", 400, /not a PIC id/],
    ["/stars/PIC_J0000000+000000", 404, /object not found: MLC\/PIC_J0000000\+000000\.json/],
    [`/stars/${encodeURIComponent("PIC_J0326137+295015")}/periodogram.png`, 400, /&quot;periodogram&quot; is not one of lightcurve, folded/],
    [`/stars/${encodeURIComponent("PIC_J0326137+295015")}/folded.gif`, 400, /&quot;gif&quot; is not png or svg/],
  ])("answers %s with %i and an HTML page naming the problem", async (url, status, message) => {
    const res = await request(app).get(url).expect(status);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.text).toMatch(message);
  });
});
