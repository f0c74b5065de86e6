/**
 * startProxyServer and closeProxy in process, on 127.0.0.1 (server.test.ts runs the same server
 * as a child process, where mutants cannot reach): the config reaches the verifier, the forwarder
 * and the OCN route; a dashboard mount is started before the proxy listens, guarded by IAP when
 * an audience is configured, and closed after the drain or when the port cannot be bound.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestHandler } from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ProxyConfig } from "../../../runtime/proxy/config.js";
import type { DashboardMount } from "../../../runtime/proxy/dashboardForwarder.js";
import { closeProxy, startProxyServer, type RunningProxy } from "../../../runtime/proxy/server.js";
import { AUDIENCE, LC, pushAuthorization, pushBody, PUSH_ACCOUNT, usePushEdges } from "./pushFixtures.js";

const edges = usePushEdges();
let running: RunningProxy | undefined;
const blockers: http.Server[] = [];

afterEach(async () => {
  edges.combiner.requests.length = 0;
  await running?.close();
  running = undefined;
  for (const server of blockers.splice(0)) server.close();
});

function configFor(overrides: Partial<ProxyConfig> = {}): ProxyConfig {
  return {
    combinerUrls: [edges.combiner.url],
    combinerToken: "combiner-secret-for-tests",
    pushAudience: AUDIENCE,
    pushServiceAccount: PUSH_ACCOUNT,
    pushCertsUrl: edges.certs.url,
    iapCertsUrl: edges.certs.url,
    port: 0,
    host: "127.0.0.1",
    logLevel: "info",
    drainTimeoutMs: 2000,
    ...overrides,
  };
}

/** A URL on 127.0.0.1 where nothing listens (connection refused). */
async function closedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/keys`;
}

/** A logger whose lines land in `events` (by message), beside what the dashboard mount records. */
function recorder() {
  const events: string[] = [];
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    service: "proxy",
    level: "info",
    destination: {
      write: (line: string) => {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        lines.push(parsed);
        events.push(String(parsed.message));
      },
    },
  });
  return { events, lines, logger };
}

function dashboardMount(events: string[], handler: RequestHandler = (req, res) => void res.json({ page: req.originalUrl })): DashboardMount {
  return {
    handler,
    started: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      events.push("dashboard started");
    },
    close: async () => {
      events.push("dashboard closed");
    },
  };
}

/** One request on its own connection (closed after the answer), so that drains never wait on an idle client. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const postPush = (port: number) => send(port, "/pubsub/push", { method: "POST", headers: { authorization: pushAuthorization(), "content-type": "application/json" }, body: pushBody });

describe("startProxyServer", () => {
  it("verifies pushes with the configured audience and account and forwards them with the combiner's token", async () => {
    const { lines, logger } = recorder();
    running = await startProxyServer(configFor(), { logger });
    expect(running.port).toBeGreaterThan(0);
    expect(running.logger).toBe(logger);
    expect((await postPush(running.port)).status).toBe(200);
    expect(edges.combiner.requests).toEqual([
      expect.objectContaining({ authorization: "Bearer combiner-secret-for-tests", body: expect.objectContaining({ object: LC, eventType: "OBJECT_FINALIZE" }) }),
    ]);
    expect(lines.find((line) => line.message === "proxy listening")).toMatchObject({ port: running.port, combiners: 1, dashboard: false });
  });

  it("refuses a push token for another audience than the configured one", async () => {
    running = await startProxyServer(configFor({ pushAudience: "https://other.example.test/pubsub/push" }), { logger: recorder().logger });
    expect((await postPush(running.port)).status).toBe(401);
    expect(edges.combiner.requests).toHaveLength(0);
  });

  it("names the push token certificates in the 503 sent while they cannot be fetched", async () => {
    running = await startProxyServer(configFor({ pushCertsUrl: await closedUrl() }), { logger: recorder().logger });
    const answer = await postPush(running.port);
    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({ object: "push token certificates" });
  });

  it("logs to stdout as the proxy service at the configured level when given no logger", async () => {
    running = await startProxyServer(configFor({ logLevel: "warn" }));
    expect(running.logger.bindings()).toMatchObject({ service: "proxy" });
    expect(running.logger.level).toBe("warn");
  });

  it("opens the OCN channel with the configured token", async () => {
    running = await startProxyServer(configFor({ ocnChannelToken: "ocn-channel-token" }), { logger: recorder().logger });
    const headers = { "x-goog-channel-id": "c1", "x-goog-channel-token": "ocn-channel-token", "x-goog-resource-state": "sync", "x-goog-message-number": "1" };
    expect(await send(running.port, "/ocn", { method: "POST", headers })).toEqual({ status: 200, body: JSON.stringify({ result: "sync" }) });
  });

  it("starts the dashboard before listening, serves it, then drains before closing it", async () => {
    const { events, lines, logger } = recorder();
    running = await startProxyServer(configFor(), { logger, dashboard: dashboardMount(events) });
    expect(events.slice(0, 2)).toEqual(["dashboard started", "proxy listening"]);
    expect(lines.find((line) => line.message === "proxy listening")).toMatchObject({ dashboard: true });
    expect(await send(running.port, "/stars?page=2")).toEqual({ status: 200, body: JSON.stringify({ page: "/stars?page=2" }) });
    const proxy = running;
    running = undefined;
    await expect(closeProxy(proxy, "SIGTERM")).resolves.toBe(true);
    expect(events.slice(2)).toEqual(["draining", "dashboard closed", "drained; exiting"]);
    expect(lines.find((line) => line.message === "draining")).toMatchObject({ signal: "SIGTERM" });
  });

  it("puts the dashboard behind the IAP check when an IAP audience is configured", async () => {
    const events: string[] = [];
    running = await startProxyServer(configFor({ dashboardIapAudience: "/projects/1/apps/piaa-test" }), { logger: recorder().logger, dashboard: dashboardMount(events) });
    const refused = await send(running.port, "/");
    expect(refused.status).toBe(401);
    expect(refused.body).not.toContain("page");
  });

  it("fetches the IAP keys from the configured URL for an assertion to check", async () => {
    const { lines, logger } = recorder();
    const iapCertsUrl = await closedUrl();
    running = await startProxyServer(configFor({ dashboardIapAudience: "/projects/1/apps/piaa-test", iapCertsUrl }), { logger, dashboard: dashboardMount([]) });
    const header = Buffer.from(JSON.stringify({ alg: "ES256", kid: "k1", typ: "JWT" })).toString("base64url");
    const answer = await send(running.port, "/", { headers: { "x-goog-iap-jwt-assertion": `${header}.e30.c2ln` } });
    expect(answer.status).toBe(500);
    expect(lines.find((line) => line.message === "cannot fetch key document")).toMatchObject({ keyDocument: "IAP keys", url: iapCertsUrl });
  });

  it("starts a dashboard mount that has no start step", async () => {
    const events: string[] = [];
    const { started: _started, ...withoutStart } = dashboardMount(events);
    running = await startProxyServer(configFor(), { logger: recorder().logger, dashboard: withoutStart });
    expect((await send(running.port, "/")).status).toBe(200);
  });

  it("names the port it cannot bind when it has no dashboard", async () => {
    const blocker = http.createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    await expect(startProxyServer(configFor({ port }), { logger: recorder().logger })).rejects.toThrow(String(port));
  });

  it("closes the dashboard and names the port when the port cannot be bound", async () => {
    const blocker = http.createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const { port } = blocker.address() as AddressInfo;
    const events: string[] = [];
    await expect(startProxyServer(configFor({ port }), { logger: recorder().logger, dashboard: dashboardMount(events) })).rejects.toThrow(String(port));
    expect(events).toEqual(["dashboard started", "dashboard closed"]);
  });
});

describe("closeProxy", () => {
  it("waits for an answer still being written when the drain starts, and reports draining on /readyz meanwhile", async () => {
    const { events, logger } = recorder();
    let entered!: () => void;
    let release!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow: RequestHandler = (_req, res) => {
      entered();
      void released.then(() => res.json({ page: "late" }));
    };
    const proxy = await startProxyServer(configFor({ drainTimeoutMs: 5000 }), { logger, dashboard: dashboardMount(events, slow) });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const warmUp = await new Promise<number>((resolve, reject) => {
        http.get({ host: "127.0.0.1", port: proxy.port, path: "/healthz", agent }, (res) => res.resume().on("end", () => resolve(res.statusCode ?? 0))).on("error", reject);
      });
      expect(warmUp).toBe(200);
      const slowAnswer = send(proxy.port, "/slow");
      await inHandler;
      const closing = closeProxy(proxy, "SIGTERM");
      // The kept-alive connection may still bring a request during the drain's grace: it learns the proxy is going.
      const ready = await new Promise<number>((resolve, reject) => {
        http.get({ host: "127.0.0.1", port: proxy.port, path: "/readyz", agent }, (res) => res.resume().on("end", () => resolve(res.statusCode ?? 0))).on("error", reject);
      });
      expect(ready).toBe(503);
      release();
      expect(await slowAnswer).toEqual({ status: 200, body: JSON.stringify({ page: "late" }) });
      await expect(closing).resolves.toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it("reports a drain cut off by its timeout, still closing the dashboard", async () => {
    const { events, lines, logger } = recorder();
    let entered!: () => void;
    const inHandler = new Promise<void>((resolve) => (entered = resolve));
    // An answer that never comes: only the drain timeout ends this request.
    const hanging: RequestHandler = () => entered();
    const proxy = await startProxyServer(configFor({ drainTimeoutMs: 200 }), { logger, dashboard: dashboardMount(events, hanging) });
    const client = http.get({ host: "127.0.0.1", port: proxy.port, path: "/slow", agent: false });
    client.on("error", () => {});
    await inHandler;
    await expect(closeProxy(proxy, "SIGINT")).resolves.toBe(false);
    expect(events.slice(-2)).toEqual(["dashboard closed", "drain timed out; unanswered pushes will be redelivered"]);
    expect(lines.at(-1)).toMatchObject({ severity: "WARNING" });
  });
});
