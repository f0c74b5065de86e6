import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { pino } from "pino";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DependencyUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { DEFAULT_START_WAIT_MS, listenInDashboardWorker, startDashboardThread, type DashboardWorkerData } from "../../../runtime/dashboard/dashboardThread.js";
import { openTimerLedger } from "../timerLedger.js";
import { recordedLogger } from "./recordedLogger.js";

// The dashboard thread's protocol with a worker that starts (dashboardThread.ts): what the worker
// is given, and a close() that ends a ready worker for good. The worker is a plain .mjs entry that
// writes down its workerData, says it is ready and idles, so it starts in milliseconds
// (dashboardThread.test.ts runs the real dashboard); the worker's own half, listenInDashboardWorker,
// runs here in process.
const dir = mkdtempSync(path.join(tmpdir(), "piaa-dashboard-ready-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readyWorkerEntry(): URL {
  const entry = path.join(dir, "readyWorker.mjs");
  writeFileSync(
    entry,
    `import { writeFileSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
writeFileSync(workerData.bucket + "/worker-data.json", JSON.stringify(workerData));
parentPort.postMessage({ type: "ready" });
setInterval(() => undefined, 1 << 30);
`,
  );
  return pathToFileURL(entry);
}

describe("the dashboard thread with a worker that starts", () => {
  it("gives the worker the bucket, a socket in a directory only this user may enter, and the proxy logger's service and level", async () => {
    const bucket = mkdtempSync(path.join(dir, "bucket-"));
    const thread = startDashboardThread({ bucket, logger: createLogger({ service: "proxy-under-test", level: "warn" }), entry: readyWorkerEntry() });
    try {
      expect(await thread.started()).toBe(true);
      const data = JSON.parse(readFileSync(path.join(bucket, "worker-data.json"), "utf8")) as DashboardWorkerData;
      expect(data.bucket).toBe(bucket);
      expect(data.logger).toEqual({ service: "proxy-under-test", level: "warn" });
      expect(await thread.socketPath()).toBe(data.socketPath);
      expect(statSync(path.dirname(data.socketPath)).mode & 0o777).toBe(0o700);
    } finally {
      await thread.close();
    }
  });

  it("names the worker's logs after the proxy when the logger carries no service", async () => {
    const bucket = mkdtempSync(path.join(dir, "bucket-"));
    const thread = startDashboardThread({ bucket, logger: pino({ level: "error" }), entry: readyWorkerEntry() });
    try {
      expect(await thread.started()).toBe(true);
      expect((JSON.parse(readFileSync(path.join(bucket, "worker-data.json"), "utf8")) as DashboardWorkerData).logger).toEqual({ service: "proxy", level: "error" });
    } finally {
      await thread.close();
    }
  });

  it("ends a ready worker on close() without restarting it, and refuses requests as shutting down", async () => {
    const bucket = mkdtempSync(path.join(dir, "bucket-"));
    const { logger, records } = recordedLogger("test", "info");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const timers = openTimerLedger();
    try {
      const thread = startDashboardThread({ bucket, logger, entry: readyWorkerEntry() });
      expect(await thread.started()).toBe(true);
      await thread.close();
      // The wait for the start is over and cleared; no restart was set.
      expect(timers.of(DEFAULT_START_WAIT_MS)).toEqual({ set: 1, uncleared: 0 });
      expect(records.map((record) => record.message)).not.toContain("dashboard worker stopped; restarting it");
      const refusal = await thread.socketPath().catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DependencyUnavailableError);
      expect((refusal as Error).message).toContain("the proxy is shutting down");
    } finally {
      timers.restore();
      vi.useRealTimers();
    }
  });
});

describe("listenInDashboardWorker (the worker's half)", () => {
  const data = (socketPath: string): DashboardWorkerData => ({ bucket: dir, socketPath, logger: { service: "test", level: "silent" } });
  const silent = createLogger({ service: "test", level: "silent" });

  it("serves on the socket a crashed predecessor left behind, never timing out idle connections", async () => {
    const socketPath = path.join(dir, "left-behind.sock");
    writeFileSync(socketPath, "");
    const server = http.createServer((_req, res) => res.end("dashboard"));
    try {
      await listenInDashboardWorker(server, data(socketPath), silent);
      expect(server.keepAliveTimeout).toBe(0);
      const body = await new Promise<string>((resolve, reject) => {
        http.get({ socketPath, path: "/" }, (res) => {
          res.setEncoding("utf8");
          let text = "";
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve(text));
        }).on("error", reject);
      });
      expect(body).toBe("dashboard");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("fails with the listen error when the socket cannot be made", async () => {
    const server = http.createServer();
    await expect(listenInDashboardWorker(server, data(path.join(dir, "no-such-directory", "worker.sock")), silent)).rejects.toThrow(/ENOENT|EACCES/);
  });
});
