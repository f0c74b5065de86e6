/**
 * Runs the combiner app on a port and shuts it down gracefully: on SIGTERM or SIGINT it stops
 * accepting connections, answers 503 (and fails /readyz) for anything new, lets every accepted
 * segment finish its batch, then exits. Shared by the container entry (main.ts) and
 * `piaa serve combiner`.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { UsageError } from "../core/commandLine.js";
import { createLogger, type Logger } from "../core/logging.js";
import { openBucketVariable } from "../core/environmentVariables.js";
import { createCombinerApp, type CombinerApp } from "./app.js";
import type { CombinerConfig } from "./config.js";

export interface RunningCombiner {
  combiner: CombinerApp;
  server: Server;
  port: number;
  logger: Logger;
  /** Drains and closes; resolves true when every accepted segment was answered in time. */
  shutdown(reason: string): Promise<boolean>;
}

export async function startCombinerServer(config: CombinerConfig, logger?: Logger): Promise<RunningCombiner> {
  const log = logger ?? createLogger({ service: "combiner", level: config.logLevel });
  const store = openBucketVariable(config.bucket);
  const combiner = createCombinerApp({ store, logger: log, token: config.token, limits: config.limits, processMetrics: true });
  const server = combiner.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (error) => reject(new UsageError(`PORT ${config.port} on ${config.host}: cannot listen (${error.message})`)));
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port, bucket: store.url }, "combiner listening");

  let closing: Promise<boolean> | undefined;
  const shutdown = (reason: string): Promise<boolean> => {
    closing ??= drainAndClose(combiner, server, log, reason, config.drainTimeoutMs);
    return closing;
  };
  return { combiner, server, port, logger: log, shutdown };
}

async function drainAndClose(combiner: CombinerApp, server: Server, log: Logger, reason: string, timeoutMs: number): Promise<boolean> {
  log.info({ reason, pending: combiner.pending }, "draining");
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    combiner.drain().then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  // Answers have been written; connections still open are idle or stuck clients.
  server.closeAllConnections();
  await closed;
  if (drained) log.info("drained; exiting");
  else log.warn({ pending: combiner.pending }, `drain timed out after ${timeoutMs} ms; unanswered segments will be redelivered`);
  return drained;
}
