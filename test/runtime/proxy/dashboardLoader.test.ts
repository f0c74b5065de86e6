import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { createCombinerForwarder } from "../../../runtime/proxy/combinerForwarder.js";
import { loadDashboard } from "../../../runtime/proxy/dashboardLoader.js";
import { createOidcVerifier } from "../../../runtime/proxy/oidcVerifier.js";
import { createProxyApp } from "../../../runtime/proxy/proxyApp.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-proxy-dashboard-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("loadDashboard", () => {
  it("the proxy serves the dashboard at / beside the notification routes", async () => {
    const logger = createLogger({ service: "proxy", level: "silent" });
    const dashboard = loadDashboard(dir, logger);
    const app = createProxyApp({
      // Never reached: every request below either is a page or lacks a token.
      verifier: createOidcVerifier({ audience: "a", serviceAccount: "push@x.iam.gserviceaccount.com", certificates: () => Promise.reject(new Error("not reached")) }),
      forwarder: createCombinerForwarder({ urls: ["http://127.0.0.1:9"], token: "unused-token-0123456789" }),
      logger,
      dashboard,
    });
    const page = await request(app).get("/").expect(200);
    expect(page.headers["content-type"]).toMatch(/text\/html/);
    await request(app).get("/healthz").expect(200, { status: "ok" });
    await request(app).post("/pubsub/push").send({}).expect(401);
  });
});
