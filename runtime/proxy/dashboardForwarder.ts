/**
 * The proxy's side of its dashboard worker (dashboard/dashboardThread.ts): after the IAP check,
 * a dashboard request is passed to the worker over its private socket and the answer piped back,
 * byte for byte, with backpressure both ways. The main thread parses two HTTP heads and copies
 * buffers; the pages themselves are built on the worker's thread.
 *
 * Over HTTP rather than messages between threads: the worker runs the very app `piaa serve
 * dashboard` runs (so answers are the router's own, status, headers and streaming included), and
 * node's HTTP client and server already do the framing, streaming and flow control that messages
 * would have to redo by hand.
 */
import http, { type IncomingHttpHeaders } from "node:http";
import { pipeline } from "node:stream/promises";
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { DependencyUnavailableError } from "../core/errors.js";
import { startDashboardThread, type DashboardThreadOptions } from "../dashboard/dashboardThread.js";
import { openObjectStore } from "../core/store/openObjectStore.js";

/** What the proxy mounts at `/` behind its IAP check, and how it stops once the proxy has drained. */
export interface DashboardMount {
  handler: RequestHandler;
  /** Resolves when the dashboard answers, or has been given up on for now (the proxy listens then). */
  started?(): Promise<unknown>;
  close(): Promise<void>;
}

/** Headers about one connection (RFC 9110 §7.6.1), not the message: each hop sets its own. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"]);

function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/**
 * Forwards each request to the HTTP server on the Unix socket `socketPath()` resolves to, over
 * `agent`, and pipes its answer back; a worker that cannot be reached is a 503 naming it.
 */
export function forwardToSocket(socketPath: () => Promise<string>, agent: http.Agent): RequestHandler {
  return async (req, res) => {
    const path = await socketPath();
    await new Promise<void>((resolve, reject) => {
      const upstream = http.request({ socketPath: path, agent, method: req.method, path: req.originalUrl, headers: endToEnd(req.headers) });
      upstream.once("response", (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        // A worker lost mid-answer leaves the client a cut connection, never a short body that looks whole.
        pipeline(answer, res).then(resolve, () => {
          res.destroy();
          resolve();
        });
      });
      upstream.once("error", (error) => {
        if (!res.headersSent) return reject(new DependencyUnavailableError("dashboard worker", `no answer: ${error.message}`, 1, { cause: error }));
        res.destroy();
        resolve();
      });
      // A client gone before its answer ends frees the worker from it too.
      res.once("close", () => {
        if (!res.writableFinished) upstream.destroy();
      });
      req.pipe(upstream);
    });
  };
}

/** Starts the dashboard worker over `bucket` (a bad bucket URL fails here, naming it) and forwards to it. */
export function startDashboardWorker(bucket: string, logger: Logger, options: Omit<DashboardThreadOptions, "bucket" | "logger"> = {}): DashboardMount {
  openObjectStore(bucket);
  const thread = startDashboardThread({ bucket, logger: logger.child({ component: "dashboard" }), ...options });
  // Connections to the worker are kept for reuse: the worker never times them out.
  const agent = new http.Agent({ keepAlive: true });
  return {
    handler: forwardToSocket(() => thread.socketPath(), agent),
    started: () => thread.started(),
    async close() {
      await thread.close();
      agent.destroy();
    },
  };
}
