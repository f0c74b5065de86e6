/**
 * Runs the analyzer with a small HTTP endpoint beside it (Kubernetes probes, and the "listening"
 * line through which `piaa start` learns a child's port): GET /healthz, GET /status (counts,
 * backlog and analysis threads as JSON). SIGTERM stops taking events and lets runs in flight finish; events not yet
 * acknowledged are redelivered to the next analyzer.
 */
import http from "node:http";
import express from "express";
import { listenHttp } from "../core/httpService.js";
import { createLogger, type Logger } from "../core/logging.js";
import { openBucketVariable } from "../core/environmentVariables.js";
import { createAnalyzer, type Analyzer } from "./analyzer.js";
import type { AnalyzerConfig } from "./config.js";
import { localEventSource } from "./localEventSource.js";

/** Health and status answers are instant: a second is plenty for those already received. */
const HEALTH_DRAIN_TIMEOUT_MS = 1000;

export interface RunningAnalyzer {
  analyzer: Analyzer;
  port: number;
  shutdown(reason: string): Promise<boolean>;
}

export async function startAnalyzerServer(config: AnalyzerConfig, logger?: Logger): Promise<RunningAnalyzer> {
  const log = logger ?? createLogger({ service: "analyzer", level: config.logLevel });
  const store = openBucketVariable(config.bucket);
  // The Pub/Sub client (and gRPC under it) loads only where a subscription is used: every other
  // `piaa` command, which registers `serve analyzer`, starts without it.
  const source = config.subscription
    ? (await import("./pubsubEventSource.js")).pubsubEventSource({ subscription: config.subscription, bucket: store.bucket, logger: log, maxMessages: config.maxMessages })
    : localEventSource({ store, logger: log, scanIntervalMs: config.scanIntervalMs });
  const analyzer = createAnalyzer({
    store,
    source,
    logger: log,
    intervalMs: config.intervalMs,
    threads: config.threads,
    threadHeapMb: config.threadHeapMb,
    concurrency: config.concurrency,
  });
  const app = express();
  app.get("/healthz", (_req, res) => void res.json({ ok: true }));
  app.get("/status", (_req, res) => void res.json({ backlog: analyzer.backlog, ...analyzer.stats, threads: analyzer.threads }));
  const service = await listenHttp(http.createServer(app), config.port, config.host);
  await analyzer.start();
  const { port } = service;
  log.info({ port, bucket: store.url, source: config.subscription ?? "bucket scans", intervalMs: config.intervalMs, threads: config.threads }, "analyzer listening");
  let closing: Promise<boolean> | undefined;
  return {
    analyzer,
    port,
    shutdown(reason) {
      closing ??= (async () => {
        log.info({ reason, backlog: analyzer.backlog }, "stopping");
        await analyzer.stop();
        // Probes answer until the runs in flight are done; then the shared drain (bounded).
        return service.drain({ timeoutMs: HEALTH_DRAIN_TIMEOUT_MS });
      })();
      return closing;
    },
  };
}
