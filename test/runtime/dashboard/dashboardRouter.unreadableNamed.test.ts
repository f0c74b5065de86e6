import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { errorRow } from "../../../runtime/analysis/starIndexRow.js";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { analysisName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardApp } from "../../../runtime/dashboard/dashboardRouter.js";

// The page of a catalog star whose stored analysis cannot be read is an error page that still
// names the star (dashboardRouter.test's unreadable analysis is of a star without a catalog name).
describe("the page of a named star whose stored analysis cannot be read", () => {
  const star = CATALOG.find((s) => s.id === "hd189733")!;
  let root: string;
  let store: FsObjectStore;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-named-"));
    store = new FsObjectStore({ root });
    await updateStarIndex(store, [{ pic: star.pic, row: errorRow(star.pic, "1", "a stand-in reason", new Date("2026-08-02T00:00:00Z")) }]);
    await store.put(analysisName(star.pic), Buffer.from("{truncated"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("is a 500 with the read error, headed by the PIC id and the star's catalog name", async () => {
    const app = createDashboardApp({ store, logger: createLogger({ service: "test", level: "silent" }), indexRefreshMs: 0 });
    const res = await request(app).get(`/stars/${encodeURIComponent(star.pic)}`);
    expect(res.status).toBe(500);
    expect(res.text).toContain("The stored analysis cannot be read");
    expect(res.text).toMatch(new RegExp(`<h1>${star.pic.replace(/\+/g, "\\+")} <span class="muted">HD 189733</span></h1>`));
  });
});
