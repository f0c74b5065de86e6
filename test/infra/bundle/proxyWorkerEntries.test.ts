/**
 * The worker threads bundled beside the proxy's main.mjs: each entry is a source file of the
 * repository, and its bundle is named as the proxy asks for it (runtime/dashboard/dashboardThread.ts
 * starts `workerEntry(import.meta.url, "dashboardWorker")`, i.e. ./dashboardWorker.mjs next to the
 * bundled main). A wrong or empty entry fails only the full proxy build, which bundleService.test.ts
 * runs in beforeAll, where a mutation run reads the skipped tests as a pass.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROXY_WORKER_ENTRIES, REPOSITORY_ROOT } from "../../../infra/bundle/bundleService.js";
import { workerEntry } from "../../../runtime/core/workerThread.js";

describe("PROXY_WORKER_ENTRIES", () => {
  it("bundles the dashboard worker, from a file that exists, under the name the proxy starts it by", () => {
    for (const entry of PROXY_WORKER_ENTRIES) expect(existsSync(path.join(REPOSITORY_ROOT, entry)), entry).toBe(true);
    const bundled = PROXY_WORKER_ENTRIES.map((entry) => `${path.basename(entry, ".ts")}.mjs`);
    const started = path.basename(workerEntry("file:///srv/proxy/main.mjs", "dashboardWorker").pathname);
    expect(bundled).toContain(started);
  });
});
