import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DependencyUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { startDashboardThread } from "../../../runtime/dashboard/dashboardThread.js";
import { openTimerLedger } from "../timerLedger.js";

// The proxy shutting down while its dashboard worker waits to be restarted after a crash: the
// pending restart is cancelled, so no worker starts after close() (it would keep the process
// alive, serving nobody). The restart timer is faked, so the test sees it set and cleared without
// waiting for it; the worker is a plain .mjs entry that throws as it starts. Timers are told apart
// by their delays (the start wait's 60 s, the restart's 5 s: timerLedger.ts says why).
const dir = mkdtempSync(path.join(tmpdir(), "piaa-dashboard-close-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("closing the dashboard thread while its worker waits to restart", () => {
  it("cancels the restart, and refuses dashboard requests as shutting down", async () => {
    const entry = path.join(dir, "throwingWorker.mjs");
    writeFileSync(entry, 'throw new Error("boom at start");\n');
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const timers = openTimerLedger();
    try {
      const logger = createLogger({ service: "test", level: "silent" });
      const thread = startDashboardThread({ bucket: dir, logger, entry: pathToFileURL(entry), restartBackoff: { baseDelayMs: 5_000, maxDelayMs: 10_000 }, startWaitMs: 60_000 });
      expect(await thread.started()).toBe(false);
      // The first start's wait is over; what is left is the restart, due in 5 s.
      expect(timers.of(60_000)).toEqual({ set: 1, uncleared: 0 });
      expect(timers.of(5_000)).toEqual({ set: 1, uncleared: 1 });
      const restarting = await thread.socketPath().catch((error: unknown) => error);
      expect((restarting as Error).message).toMatch(/it stopped \(boom at start\) and restarts/);
      await thread.close();
      expect(timers.of(5_000)).toEqual({ set: 1, uncleared: 0 });
      vi.runAllTimers();
      const closed = await thread.socketPath().catch((error: unknown) => error);
      expect(closed).toBeInstanceOf(DependencyUnavailableError);
      expect((closed as Error).message).toContain("the proxy is shutting down");
    } finally {
      timers.restore();
      vi.useRealTimers();
    }
  });
});
