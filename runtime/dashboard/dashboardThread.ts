/**
 * The dashboard on a worker thread of the proxy process (issue 16: dashboard traffic never slows
 * the push path). Each page, plot or download takes slices of CPU; on the proxy's one event loop
 * 25 clients' slices queue ahead of every push, so the dashboard runs on a thread of its own and
 * the proxy's main thread only forwards bytes (proxy/dashboardForwarder.ts).
 *
 * Protocol: the worker (dashboardWorker.ts) serves the dashboard app over HTTP on `socketPath`, a
 * Unix socket in a directory only this user may enter (mkdtemp makes it 0700), so nothing on the
 * machine reaches the dashboard except through the main thread's IAP check; then it posts
 * `{type: "ready"}`. A worker that exits unasked (a crash, an out-of-memory kill, a failed start)
 * is started again after a backoff that doubles per consecutive crash; meanwhile dashboard
 * requests get a DependencyUnavailableError (503 with Retry-After) and the push path, on the main
 * thread, goes on. Requests arriving while a worker starts wait for it, up to `startWaitMs`; the
 * proxy waits for the first start as long before it listens (proxy/server.ts), so that its
 * "listening" means the dashboard answers too, but never longer: the push path is not held up by
 * a dashboard that cannot start.
 */
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { parentPort, threadId, type Worker } from "node:worker_threads";
import type { Logger } from "pino";
import { jitteredBackoffMs, type BackoffOptions } from "../core/backoff.js";
import { DependencyUnavailableError } from "../core/errors.js";
import { startWorkerThread, workerEntry } from "../core/workerThread.js";

/** What the worker is started with. */
export interface DashboardWorkerData {
  bucket: string;
  socketPath: string;
  /** The proxy's logger settings, so the worker's lines look like the main thread's. */
  logger: { service: string; level: string };
}

/** Restart delays: 0.1 s after a first crash, doubling per crash in a row, at most 30 s. */
export const DASHBOARD_RESTART_BACKOFF: BackoffOptions = { baseDelayMs: 100, maxDelayMs: 30_000 };
/** A worker that served this long before crashing starts the backoff over. */
const STABLE_AFTER_MS = 60_000;
/**
 * Bound on a wait for a starting worker. Bundled it starts in well under a second; from source,
 * tsx compiles the dashboard in the worker, which took over 30 s at load average 20 here.
 */
export const DEFAULT_START_WAIT_MS = 60_000;
const SUBJECT = "dashboard worker";

export interface DashboardThreadOptions {
  bucket: string;
  logger: Logger;
  /** The worker's entry module. @default dashboardWorker beside this module (workerEntry) */
  entry?: URL;
  restartBackoff?: BackoffOptions;
  startWaitMs?: number;
}

export interface DashboardThread {
  /** The running worker's socket; waits while it starts; a DependencyUnavailableError while it is down. */
  socketPath(): Promise<string>;
  /** Resolves once the first worker is ready (true) or has failed or not started within the wait (false). */
  started(): Promise<boolean>;
  /** Terminates the worker (call once the proxy has answered what it forwards) and removes its socket. */
  close(): Promise<void>;
}

type State =
  | { kind: "starting"; worker: Worker; started: Promise<string>; fail(error: Error): void }
  | { kind: "ready"; worker: Worker; socketPath: string; readyAt: number }
  | { kind: "restarting"; at: number; reason: string; timer: NodeJS.Timeout }
  | { kind: "closed" };

export function startDashboardThread(options: DashboardThreadOptions): DashboardThread {
  const entry = options.entry ?? workerEntry(import.meta.url, "dashboardWorker");
  const backoff = options.restartBackoff ?? DASHBOARD_RESTART_BACKOFF;
  const startWaitMs = options.startWaitMs ?? DEFAULT_START_WAIT_MS;
  const { logger } = options;
  const loggerSettings = { service: String(logger.bindings().service ?? "proxy"), level: logger.level };
  const dir = mkdtempSync(path.join(os.tmpdir(), "piaa-dashboard-"));
  let starts = 0;
  let crashesInARow = 0;
  let state: State;

  const start = (): void => {
    const socketPath = path.join(dir, `worker-${++starts}.sock`);
    const data: DashboardWorkerData = { bucket: options.bucket, socketPath, logger: loggerSettings };
    const worker = startWorkerThread(entry, { workerData: data });
    let failure: string | undefined;
    let settle: { resolve(path: string): void; reject(error: Error): void };
    const started = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
    started.catch(() => undefined);
    state = { kind: "starting", worker, started, fail: (error) => settle.reject(error) };
    worker.on("message", (message: { type?: unknown }) => {
      if (message?.type !== "ready" || state.kind !== "starting" || state.worker !== worker) return;
      state = { kind: "ready", worker, socketPath, readyAt: Date.now() };
      settle.resolve(socketPath);
    });
    worker.on("error", (error) => (failure = error.message));
    worker.on("exit", (code) => {
      if (state.kind === "closed") return;
      const servedMs = state.kind === "ready" ? Date.now() - state.readyAt : 0;
      crashesInARow = servedMs >= STABLE_AFTER_MS ? 1 : crashesInARow + 1;
      // The ceiling, not a random share of it: there is one worker, no crowd of retries to spread out.
      const delayMs = jitteredBackoffMs(crashesInARow, backoff, () => 1);
      const reason = failure ?? `exit code ${code}`;
      logger.error({ thread: worker.threadId, reason, crashesInARow, restartInMs: delayMs }, "dashboard worker stopped; restarting it");
      settle.reject(unavailable(`it stopped: ${reason}`, delayMs));
      state = { kind: "restarting", at: Date.now() + delayMs, reason, timer: setTimeout(start, delayMs) };
      void rm(socketPath, { force: true });
    });
  };
  start();
  const first = socketPathNow().then(
    () => true,
    (error: unknown) => {
      logger.warn({ reason: error instanceof Error ? error.message : String(error) }, "dashboard worker not ready; serving without it meanwhile");
      return false;
    },
  );

  async function socketPathNow(): Promise<string> {
    const current = state;
    switch (current.kind) {
      case "ready":
        return current.socketPath;
      case "starting":
        return withTimeout(current.started, startWaitMs);
      case "restarting":
        throw unavailable(`it stopped (${current.reason}) and restarts`, current.at - Date.now());
      case "closed":
        throw unavailable("the proxy is shutting down", 1000);
    }
  }

  return {
    socketPath: socketPathNow,
    started: () => first,
    async close() {
      const current = state;
      state = { kind: "closed" };
      if (current.kind === "restarting") clearTimeout(current.timer);
      if (current.kind === "starting") current.fail(unavailable("the proxy is shutting down", 1000));
      if (current.kind === "starting" || current.kind === "ready") await current.worker.terminate();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function unavailable(reason: string, retryAfterMs: number): DependencyUnavailableError {
  return new DependencyUnavailableError(SUBJECT, reason, Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

function withTimeout(started: Promise<string>, ms: number): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(unavailable(`it is still starting after ${ms} ms`, 1000)), ms);
  });
  return Promise.race([started, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The worker's half: serves `server` on the socket it was given (the file of a crashed
 * predecessor may be left there), says so in the log and tells the main thread it is ready. Idle connections are
 * never timed out: the main thread's pool reuses them, and a server closing one just as the pool
 * sends on it would fail a request that did nothing wrong.
 */
export async function listenInDashboardWorker(server: Server, data: DashboardWorkerData, logger: Logger): Promise<void> {
  await rm(data.socketPath, { force: true });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(data.socketPath, resolve);
  });
  logger.info({ thread: threadId, bucket: data.bucket }, "dashboard worker ready");
  parentPort?.postMessage({ type: "ready" });
}
