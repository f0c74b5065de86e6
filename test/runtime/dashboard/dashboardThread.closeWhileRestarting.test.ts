import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DependencyUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { startDashboardThread } from "../../../runtime/dashboard/dashboardThread.js";

// The proxy shutting down while its dashboard worker waits to be restarted after a crash: the
// pending restart is cancelled, so no worker starts after close() (it would keep the process
// alive, serving nobody). The restart timer is faked, so the test sees it set and cleared without
// waiting for it; the worker is a plain .mjs entry that throws as it starts. Timers are told apart
// by their delays (the start wait's 60 s, the restart's 5 s), not counted: test files share their
// worker (isolate: false), and a timer set meanwhile by another file's leftovers was counted once.
const dir = mkdtempSync(path.join(tmpdir(), "piaa-dashboard-close-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("closing the dashboard thread while its worker waits to restart", () => {
  it("cancels the restart, and refuses dashboard requests as shutting down", async () => {
    const entry = path.join(dir, "throwingWorker.mjs");
    writeFileSync(entry, 'throw new Error("boom at start");\n');
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const setTimeoutCalls = vi.spyOn(globalThis, "setTimeout");
    const clearTimeoutCalls = vi.spyOn(globalThis, "clearTimeout");
    /** Whether the timers set with `delayMs` are all cleared (and how many there were). */
    const timersOf = (delayMs: number) => {
      const handles = setTimeoutCalls.mock.calls.flatMap(([, delay], i) => (delay === delayMs ? [setTimeoutCalls.mock.results[i]!.value as unknown] : []));
      const clearedHandles = new Set(clearTimeoutCalls.mock.calls.map(([handle]) => handle as unknown));
      return { set: handles.length, pending: handles.filter((handle) => !clearedHandles.has(handle)).length };
    };
    try {
      const logger = createLogger({ service: "test", level: "silent" });
      const thread = startDashboardThread({ bucket: dir, logger, entry: pathToFileURL(entry), restartBackoff: { baseDelayMs: 5_000, maxDelayMs: 10_000 }, startWaitMs: 60_000 });
      expect(await thread.started()).toBe(false);
      // The first start's wait is over; what is left is the restart, due in 5 s.
      expect(timersOf(60_000)).toEqual({ set: 1, pending: 0 });
      expect(timersOf(5_000)).toEqual({ set: 1, pending: 1 });
      const restarting = await thread.socketPath().catch((error: unknown) => error);
      expect((restarting as Error).message).toMatch(/it stopped \(boom at start\) and restarts/);
      await thread.close();
      expect(timersOf(5_000)).toEqual({ set: 1, pending: 0 });
      vi.runAllTimers();
      const closed = await thread.socketPath().catch((error: unknown) => error);
      expect(closed).toBeInstanceOf(DependencyUnavailableError);
      expect((closed as Error).message).toContain("the proxy is shutting down");
    } finally {
      setTimeoutCalls.mockRestore();
      clearTimeoutCalls.mockRestore();
      vi.useRealTimers();
    }
  });
});
