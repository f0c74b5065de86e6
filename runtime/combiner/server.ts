/**
 * Runs the combiner app on a port and shuts it down gracefully (core/httpService.ts): on SIGTERM
 * or SIGINT it stops accepting connections, answers 503 (and fails /readyz) for anything new,
 * closes idle and half-sent connections, lets every accepted segment finish its batch, then
 * exits. Shared by the container entry (main.ts) and `piaa serve combiner`.
 */
import http, { type Server } from "node:http";
import { listenHttp } from "../core/httpService.js";
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
  const service = await listenHttp(http.createServer(combiner.app), config.port, config.host);
  log.info({ port: service.port, bucket: store.url }, "combiner listening");

  const shutdown = async (reason: string): Promise<boolean> => {
    log.info({ reason, pending: combiner.pending }, "draining");
    const drained = await service.drain({ timeoutMs: config.drainTimeoutMs, settle: () => combiner.drain() });
    if (drained) log.info("drained; exiting");
    else log.warn({ pending: combiner.pending }, `drain timed out after ${config.drainTimeoutMs} ms; unanswered segments will be redelivered`);
    return drained;
  };
  return { combiner, server: service.server, port: service.port, logger: log, shutdown };
}
