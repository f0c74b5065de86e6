import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { createDashboardApp } from "../../../runtime/dashboard/dashboardRouter.js";

// A star page asked for something that is not a PIC id: a 400 page naming the parameter and the
// value, and what a PIC id looks like (the spawned and worker-thread tests do not see mutants here).
describe("the dashboard's answer to a malformed star address", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-dashboard-400-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("is a 400 page naming the pic parameter, the value and the expected form", async () => {
    const app = createDashboardApp({ store: new FsObjectStore({ root }), logger: createLogger({ service: "test", level: "silent" }), indexRefreshMs: 0 });
    const res = await request(app).get("/stars/HD189733");
    expect(res.status).toBe(400);
    expect(res.text).toContain("<h1>Error 400</h1><p>invalid request: pic: &quot;HD189733&quot; is not a PIC id like PIC_J0326137+295015</p>");
  });
});
