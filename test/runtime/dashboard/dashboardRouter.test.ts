/**
 * The dashboard reads, never computes (issue 16): every request here goes to a store that refuses
 * any write and records every read, and none may read an MLC (so none can analyse one) or more
 * than the index shards, one analysis document or one plot. Paging, sorting, filtering and links
 * that keep the settings; a pending star; one unreadable MLC, analysis or index shard is an error
 * on its own row or page only.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readStoredAnalysis } from "../../../runtime/analysis/analysisStore.js";
import { STAR_INDEX_SHARDS, shardOf } from "../../../runtime/analysis/starIndex.js";
import { analysisName, starIndexShardName } from "../../../runtime/core/objectNames.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardRouter } from "../../../runtime/dashboard/dashboardRouter.js";
import { readOnlyStore } from "../analyzer/storeWrappers.js";
import { CANDIDATE, PENDING, PENDING_EXPOSURES, TOTAL_STARS, UNREADABLE_MLC, writeDashboardBucket } from "./dashboardBucket.js";
import { DASHBOARD_STARS } from "./syntheticStars.js";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const logger = createLogger({ service: "test", level: "silent" });
const rowPics = (html: string): string[] => [...html.matchAll(/<tr data-pic="([^"]+)"/g)].map((m) => m[1]!);

describe("createDashboardRouter", () => {
  let root: string;
  let fs: FsObjectStore;
  let watched: ReturnType<typeof readOnlyStore>;
  let app: express.Express;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-"));
    fs = new FsObjectStore({ root });
    await writeDashboardBucket(fs);
    watched = readOnlyStore(fs);
    app = express().use("/", createDashboardRouter({ store: watched.store, logger, indexRefreshMs: 0 }));
  }, 60_000);
  beforeEach(() => {
    watched.reads.length = 0;
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** No MLC, no listing; at most the index shards and `extra` other objects. */
  const expectOnlyStoredResults = (extra: number) => {
    expect(watched.reads.filter((name) => name.startsWith("MLC/") || name.startsWith("list:"))).toEqual([]);
    const shards = new Set(Array.from({ length: STAR_INDEX_SHARDS }, (_, n) => starIndexShardName(n)));
    expect(watched.reads.filter((name) => !shards.has(name)).length).toBeLessThanOrEqual(extra);
  };

  it("answers the first page from the index alone, under a CSP without scripts", async () => {
    const res = await request(app).get("/").expect(200);
    expect(res.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    expect(res.headers["content-security-policy"]).not.toMatch(/script-src/);
    expect(res.text).toContain(`64 of ${TOTAL_STARS} stars`);
    expect(rowPics(res.text)).toHaveLength(50);
    expect(res.text).toContain('page 1 of 2');
    expectOnlyStoredResults(0);
  });

  it("sorts by SDE, descending, with stars without a value last, and pages on", async () => {
    const first = await request(app).get("/?sort=sde").expect(200);
    expect(rowPics(first.text)[0]).toBe(CANDIDATE);
    expect(first.text).toMatch(/data-sort="sde"><a href="\.\/\?sort=sde&amp;order=asc"/);
    const second = await request(app).get("/?sort=sde&page=2").expect(200);
    expect(rowPics(second.text)).toHaveLength(TOTAL_STARS - 50);
    expect(new Set([...rowPics(first.text), ...rowPics(second.text)]).size).toBe(TOTAL_STARS);
    // Links on page 2 keep the sort: back to page 1, and the star links carry the table's address.
    expect(second.text).toContain('href="./?sort=sde" rel="prev"');
    expect(second.text).toContain(`?back=${encodeURIComponent("./?sort=sde&page=2")}`);
  });

  it("filters to candidates and searches by catalog name or PIC, keeping the other settings", async () => {
    const candidates = await request(app).get("/?candidates=1&sort=snr").expect(200);
    expect(rowPics(candidates.text)).toEqual([CANDIDATE]);
    expect(candidates.text).toContain('href="./?candidates=1&amp;sort=sde"');
    expect(rowPics((await request(app).get("/?q=hd189733").expect(200)).text)).toEqual([CANDIDATE]);
    expect(rowPics((await request(app).get("/?q=HD%20189").expect(200)).text)).toEqual([CANDIDATE]);
    expect(rowPics((await request(app).get("/?q=J0326").expect(200)).text)).toEqual([DASHBOARD_STARS[1]!.pic]);
    expect((await request(app).get("/?sort=bogus").expect(400)).text).toMatch(/sort: &quot;bogus&quot; is not one of pic/);
  });

  it("shows a pending star as pending with its raw point count, in the table and on its page", async () => {
    const pic = PENDING[0]!;
    const table = await request(app).get(`/?q=${encodeURIComponent(pic)}`).expect(200);
    expect(table.text).toMatch(new RegExp(`data-status="pending">.*<td>${2 * PENDING_EXPOSURES}</td>.*analysis pending`));
    const page = await request(app).get(`/stars/${encodeURIComponent(pic)}`).expect(200);
    expect(page.text).toContain(`<em>Analysis pending.</em> ${2 * PENDING_EXPOSURES} points in 2 segments`);
    expect(page.text).not.toContain("<img");
    expectOnlyStoredResults(1);
  });

  it("serves a candidate's page and its stored plots without reading its MLC", async () => {
    const page = await request(app).get(`/stars/${encodeURIComponent(CANDIDATE)}?back=${encodeURIComponent("./?sort=sde&page=2")}`).expect(200);
    expect(page.text).toContain("HD 189733");
    expect(page.text).toContain("<strong>a transit candidate</strong>");
    expect(page.text).toContain('<a href="./?sort=sde&amp;page=2" id="back">');
    expect(page.text.match(/<tbody>([\s\S]*)<\/tbody>/)![1]!.match(/<tr>/g)).toHaveLength(16);
    expect(page.text).toContain("Object version");
    // The page links the plots of the MLC generation its analysis was made from.
    const generation = (await readStoredAnalysis(fs, CANDIDATE))!.document!.mlcGeneration;
    const pngLink = /<img src="([^"]+folded\.png)"/.exec(page.text)![1]!;
    const svgLink = /<a href="([^"]+lightcurve\.svg)">SVG/.exec(page.text)![1]!;
    expect(pngLink).toBe(`stars/${encodeURIComponent(CANDIDATE)}/${generation}/folded.png`);
    const png = await request(app).get(`/${pngLink}`).expect(200);
    expect(png.headers["content-type"]).toBe("image/png");
    expect(png.headers["cache-control"]).toMatch(/immutable/);
    expect(Buffer.from(png.body as Buffer).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const svg = await request(app).get(`/${svgLink}`).responseType("blob").expect(200);
    expect(svg.headers["content-type"]).toBe("image/svg+xml");
    expect(Buffer.from(svg.body as Buffer).toString("utf8")).toMatch(/^<svg/);
    // The analysis, its completeness result (none stored here) and the two plots.
    expectOnlyStoredResults(4);
    // The ETag is the stored object's generation: a revalidation sends no bytes.
    await request(app).get(`/${pngLink}`).set("If-None-Match", png.headers.etag!).expect(304);
    // Without a generation, the plot of the stored analysis.
    const current = await request(app).get(`/stars/${encodeURIComponent(CANDIDATE)}/folded.png`).expect(200);
    expect(current.headers["cache-control"]).toBe("no-cache");
    expect(Buffer.from(current.body as Buffer)).toEqual(Buffer.from(png.body as Buffer));
  });

  it("never lets a crafted back link out of the star table", async () => {
    const page = await request(app).get(`/stars/${encodeURIComponent(CANDIDATE)}?back=${encodeURIComponent("javascript:alert(1)")}`).expect(200);
    expect(page.text).toContain('<a href="./" id="back">');
  });

  it("shows an unreadable MLC as an error on its own row and page", async () => {
    const table = await request(app).get(`/?q=${encodeURIComponent(UNREADABLE_MLC)}`).expect(200);
    expect(table.text).toMatch(/data-status="error">.*cannot be analysed: invalid document MLC\/PIC_J2203107\+185303\.json/);
    const page = await request(app).get(`/stars/${encodeURIComponent(UNREADABLE_MLC)}`).expect(200);
    expect(page.text).toMatch(/Cannot be analysed: invalid document/);
  });

  it("answers 404 for a star it does not know and for a plot not stored", async () => {
    await request(app).get("/stars/PIC_J2359590+000000").expect(404);
    await request(app).get(`/stars/${encodeURIComponent(PENDING[1]!)}/folded.png`).expect(404);
    await request(app).get(`/stars/${encodeURIComponent(CANDIDATE)}/orbit.png`).expect(400);
    await request(app).get(`/stars/${encodeURIComponent(CANDIDATE)}/1/folded.png`).expect(404);
    await request(app).get(`/stars/${encodeURIComponent(CANDIDATE)}/01/folded.png`).expect(400);
  });

  describe("with a stored analysis and an index shard that do not parse", () => {
    const quiet = DASHBOARD_STARS[1]!.pic;
    const other = DASHBOARD_STARS[2]!.pic;
    // A pending star whose shard holds none of the analysed stars.
    const lost = PENDING.find((pic) => DASHBOARD_STARS.every((s) => shardOf(s.pic) !== shardOf(pic)))!;
    beforeAll(async () => {
      await fs.put(analysisName(quiet), Buffer.from("{truncated"));
      await fs.put(starIndexShardName(shardOf(lost)), Buffer.from("[]"));
    });

    it("fails only that star's page and that shard's rows", async () => {
      const page = await request(app).get(`/stars/${encodeURIComponent(quiet)}`).expect(500);
      expect(page.text).toMatch(/The stored analysis cannot be read: invalid document ANALYSIS\/PIC_J0326137\+295015\.json: not valid JSON/);
      await request(app).get(`/stars/${encodeURIComponent(other)}`).expect(200);
      const table = await request(app).get("/?sort=sde").expect(200);
      expect(table.text).toMatch(/Part of the star index could not be read .*ANALYSIS\/index\/\d+\.json: document: Invalid input: expected object/);
      expect(rowPics(table.text).slice(0, 3).sort()).toEqual(DASHBOARD_STARS.map((s) => s.pic).sort());
      expect(rowPics((await request(app).get(`/?q=${encodeURIComponent(lost)}`).expect(200)).text)).toEqual([]);
    });
  });
});
