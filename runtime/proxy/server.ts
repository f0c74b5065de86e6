/**
 * Runs the proxy app on a port (App Engine entry main.ts, `piaa serve proxy`, and the children
 * of `piaa start`) and closes it on SIGTERM/SIGINT. The proxy holds no state: in-flight pushes
 * that are cut off were never acknowledged, so Pub/Sub (or local delivery) sends them again.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Router } from "express";
import { UsageError } from "../core/commandLine.js";
import { createLogger, type Logger } from "../core/logging.js";
import { createCombinerForwarder } from "./combinerForwarder.js";
import type { ProxyConfig } from "./config.js";
import { createOidcVerifier } from "./oidcVerifier.js";
import { iapGuard, iapKeysFromUrl } from "./iapAssertion.js";
import { createProxyApp } from "./proxyApp.js";

export interface RunningProxy {
  server: Server;
  port: number;
  logger: Logger;
  close(): Promise<void>;
}

export interface ProxyServerOptions {
  logger?: Logger;
  /** Read-only pages mounted at `/`. */
  dashboard?: Router;
}

export async function startProxyServer(config: ProxyConfig, options: ProxyServerOptions = {}): Promise<RunningProxy> {
  const logger = options.logger ?? createLogger({ service: "proxy", level: config.logLevel });
  const app = createProxyApp({
    verifier: createOidcVerifier({ audience: config.pushAudience, serviceAccount: config.pushServiceAccount, certsUrl: config.pushCertsUrl }),
    forwarder: createCombinerForwarder({ urls: config.combinerUrls, token: config.combinerToken }),
    logger,
    ocnChannelToken: config.ocnChannelToken,
    dashboard: options.dashboard,
    dashboardGuard:
      config.dashboardIapAudience === undefined ? undefined : iapGuard({ audience: config.dashboardIapAudience, keys: iapKeysFromUrl(config.iapCertsUrl) }),
  });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", (error) => reject(new UsageError(`PORT ${config.port} on ${config.host}: cannot listen (${error.message})`)));
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port, combiners: config.combinerUrls.length, dashboard: options.dashboard !== undefined }, "proxy listening");
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    return closing;
  };
  return { server, port, logger, close };
}

/** Stops accepting requests, finishes those in flight, then reports success to exitOnSignals. */
export async function closeProxy(running: RunningProxy, signal: NodeJS.Signals): Promise<boolean> {
  running.logger.info({ signal }, "closing");
  await running.close();
  return true;
}
