/**
 * The proxy's dashboard thread runs nicer than the push path (dashboardWorker.ts): Linux keeps a
 * nice value per thread (proc(5): field 19 of /proc/<pid>/task/<tid>/stat), and the worker raises
 * its own by 10 (capped at 19) while the main thread keeps its own. The real
 * worker entry is bundled first, as the App Engine source bundles it: from source, tsx would spend
 * seconds compiling the dashboard inside the thread.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleEntry } from "../../../infra/bundle/bundleService.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { startDashboardThread } from "../../../runtime/dashboard/dashboardThread.js";

/** dashboardWorker.ts's DASHBOARD_THREAD_NICENESS (that module cannot be imported outside its thread). */
const DASHBOARD_THREAD_NICENESS = 10;

/** Nice value of each thread of this process (the field after the parenthesised command name). */
function threadNiceValues(): number[] {
  return readdirSync("/proc/self/task").map((tid) => {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
  });
}

describe.runIf(process.platform === "linux")("the dashboard worker thread", () => {
  let dir: string;
  let entry: URL;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "piaa-dashboard-nice-"));
    await bundleEntry("runtime/dashboard/dashboardWorker.ts", path.join(dir, "dashboardWorker.mjs"));
    entry = pathToFileURL(path.join(dir, "dashboardWorker.mjs"));
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("runs 10 nicer than the proxy's main thread, which keeps its own", async () => {
    const own = os.getPriority();
    const expected = Math.min(19, own + DASHBOARD_THREAD_NICENESS);
    const before = threadNiceValues().filter((nice) => nice === expected).length;
    const thread = startDashboardThread({ bucket: dir, logger: createLogger({ service: "test", level: "silent" }), entry });
    try {
      expect(await thread.started()).toBe(true);
      expect(os.getPriority()).toBe(own);
      expect(threadNiceValues().filter((nice) => nice === expected).length).toBeGreaterThan(before);
    } finally {
      await thread.close();
    }
  });
});
