/**
 * `piaa serve proxy` as a process on 127.0.0.1 serves the dashboard of `--bucket` from its worker
 * thread (started from source, as `npm start` starts the proxy), whose log lines carry the proxy's
 * logger settings, and drains on SIGTERM to exit 0.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { writeSurveyBucket } from "../dashboard/surveyBucket.js";
import { PROCESS_TEST_TIMEOUT_MS, startServiceProcess, type ServiceProcess } from "../serviceProcesses.js";
import { proxyEnvironment, usePushEdges } from "./pushFixtures.js";

const edges = usePushEdges();
let proxy: ServiceProcess | undefined;
let bucket: string | undefined;
afterEach(async () => {
  await proxy?.stop();
  if (bucket) await rm(bucket, { recursive: true, force: true });
});

describe("piaa serve proxy", () => {
  it("serves the bucket's dashboard from its worker thread and exits 0 on SIGTERM", { timeout: PROCESS_TEST_TIMEOUT_MS }, async () => {
    bucket = await mkdtemp(path.join(tmpdir(), "piaa-serve-proxy-"));
    const [star] = await writeSurveyBucket(new FsObjectStore({ root: bucket }), 2, 100);
    proxy = await startServiceProcess({
      nodeArgs: ["bin/piaa.js", "serve", "proxy", "--bucket", bucket, "--port", "0"],
      listening: "proxy listening",
      env: proxyEnvironment(edges),
    });
    const table = await fetch(`${proxy.url}/`);
    expect(table.status).toBe(200);
    expect(await table.text()).toContain("2 of 2 stars");
    expect((await fetch(`${proxy.url}/stars/${encodeURIComponent(star!.pic)}`)).status).toBe(200);
    expect(proxy.logLines().find((line) => line.message === "dashboard worker ready")).toMatchObject({ service: "proxy", component: "dashboard", severity: "INFO", thread: expect.any(Number) });
    proxy.child.kill("SIGTERM");
    expect(await proxy.exited).toBe(0);
  });
});
