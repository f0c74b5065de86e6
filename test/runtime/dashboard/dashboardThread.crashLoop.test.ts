import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DependencyUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { startDashboardThread } from "../../../runtime/dashboard/dashboardThread.js";

// A dashboard worker that throws as it starts: the proxy names the worker's error (not just its exit
// code) and restarts it after waits that double while it keeps crashing. The worker is a plain .mjs
// entry, so it starts in milliseconds (dashboardThread.test.ts covers the real one).
const dir = mkdtempSync(path.join(tmpdir(), "piaa-dashboard-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a dashboard worker that crashes as it starts", () => {
  it("is reported by its error and restarted after doubling waits", async () => {
    const entry = path.join(dir, "throwingWorker.mjs");
    writeFileSync(entry, 'throw new Error("boom at start");\n');
    const records: { message: string; reason?: string; crashesInARow?: number; restartInMs?: number }[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) records.push(JSON.parse(line) as (typeof records)[number]);
        done();
      },
    });
    const logger = createLogger({ service: "test", level: "info", destination });
    const thread = startDashboardThread({ bucket: dir, logger, entry: pathToFileURL(entry), restartBackoff: { baseDelayMs: 20, maxDelayMs: 10_000 }, startWaitMs: 5_000 });
    try {
      expect(await thread.started()).toBe(false);
      const refusal = await thread.socketPath().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refusal).toBeInstanceOf(DependencyUnavailableError);
      expect((refusal as Error).message).toContain("boom at start");
      const stops = () => records.filter((r) => r.message === "dashboard worker stopped; restarting it");
      for (let i = 0; i < 200 && stops().length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      const [first, second, third] = stops();
      expect([first?.reason, second?.reason, third?.reason]).toEqual(["boom at start", "boom at start", "boom at start"]);
      expect([first?.crashesInARow, second?.crashesInARow, third?.crashesInARow]).toEqual([1, 2, 3]);
      expect([first?.restartInMs, second?.restartInMs, third?.restartInMs]).toEqual([20, 40, 80]);
    } finally {
      await thread.close();
    }
  });
});
