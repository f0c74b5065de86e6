/**
 * Runs the proxy app on a port (App Engine entry main.ts, `piaa serve proxy`, and the children
 * of `piaa start`) and drains it on SIGTERM/SIGINT (core/httpService.ts). The proxy holds no
 * state: pushes cut off by the drain timeout were never acknowledged, so Pub/Sub (or local
 * delivery) sends them again.
 */
import http, { type Server } from "node:http";
import { listenHttp } from "../core/httpService.js";
import { createLogger, type Logger } from "../core/logging.js";
import { createCombinerForwarder } from "./combinerForwarder.js";
import type { DashboardMount } from "./dashboardForwarder.js";
import type { ProxyConfig } from "./config.js";
import { createKeyDocumentCache } from "./keyDocumentCache.js";
import { createOidcVerifier } from "./oidcVerifier.js";
import { iapGuard } from "./iapAssertion.js";
import { createProxyApp } from "./proxyApp.js";

export interface RunningProxy {
  server: Server;
  port: number;
  logger: Logger;
  /** Drains and closes; resolves true when every request received in full was answered in time. */
  close(): Promise<boolean>;
}

export interface ProxyServerOptions {
  logger?: Logger;
  /** Read-only pages mounted at `/` (behind the IAP check): started before the proxy listens, closed once it has drained or if it cannot listen. */
  dashboard?: DashboardMount;
}

export async function startProxyServer(config: ProxyConfig, options: ProxyServerOptions = {}): Promise<RunningProxy> {
  const logger = options.logger ?? createLogger({ service: "proxy", level: config.logLevel });
  const certificates = createKeyDocumentCache({ url: config.pushCertsUrl, subject: "push token certificates", logger });
  const server = http.createServer();
  const app = createProxyApp({
    verifier: createOidcVerifier({ audience: config.pushAudience, serviceAccount: config.pushServiceAccount, certificates }),
    forwarder: createCombinerForwarder({ urls: config.combinerUrls, token: config.combinerToken }),
    logger,
    ocnChannelToken: config.ocnChannelToken,
    dashboard: options.dashboard?.handler,
    isDraining: () => service.draining,
    dashboardGuard:
      config.dashboardIapAudience === undefined
        ? undefined
        : iapGuard({ audience: config.dashboardIapAudience, keys: createKeyDocumentCache({ url: config.iapCertsUrl, subject: "IAP keys", logger }) }),
  });
  server.on("request", app);
  await options.dashboard?.started?.();
  const service = await listenHttp(server, config.port, config.host).catch(async (error: unknown) => {
    await options.dashboard?.close();
    throw error;
  });
  logger.info({ port: service.port, combiners: config.combinerUrls.length, dashboard: options.dashboard !== undefined }, "proxy listening");
  // The dashboard goes last: the drain has waited for the answers forwarded from it.
  const close = async () => {
    const drained = await service.drain({ timeoutMs: config.drainTimeoutMs });
    await options.dashboard?.close();
    return drained;
  };
  return { server, port: service.port, logger, close };
}

/** Stops accepting requests, answers those received, then reports to exitOnSignals. */
export async function closeProxy(running: RunningProxy, signal: NodeJS.Signals): Promise<boolean> {
  running.logger.info({ signal }, "draining");
  const drained = await running.close();
  if (drained) running.logger.info("drained; exiting");
  else running.logger.warn("drain timed out; unanswered pushes will be redelivered");
  return drained;
}
