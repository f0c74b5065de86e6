/**
 * Two edges of the dashboard's pages (dashboardRouter.ts): every page is declared HTML in UTF-8
 * (an empty Content-Type would leave browsers to sniff a page that prints catalog names and
 * error text), and a star whose stored analysis cannot be read gets its own error page even when
 * the star index has no row for it yet (the index is written after the analysis document, so a
 * crash between the two leaves exactly that).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { analysisName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardApp } from "../../../runtime/dashboard/dashboardRouter.js";

const PIC = "PIC_J0326137+295015";

describe("dashboard pages of a bucket with one unreadable, unindexed analysis", () => {
  let root: string;
  let app: ReturnType<typeof createDashboardApp>;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-unindexed-"));
    const store = new FsObjectStore({ root });
    await store.put(analysisName(PIC), Buffer.from("{truncated"));
    app = createDashboardApp({ store, logger: createLogger({ service: "test", level: "silent" }), indexRefreshMs: 0 });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("answers the star's page with the unreadable-analysis page, not the generic error", async () => {
    const res = await request(app).get(`/stars/${encodeURIComponent(PIC)}`);
    expect(res.status).toBe(500);
    expect(res.text).toContain("The stored analysis cannot be read");
    expect(res.text).toContain(`<h1>${PIC}</h1>`);
  });

  it.each(["/", `/stars/${encodeURIComponent(PIC)}`])("declares %s as HTML in UTF-8, never cached unchecked", async (page) => {
    const res = await request(app).get(page);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("no-cache");
  });
});
