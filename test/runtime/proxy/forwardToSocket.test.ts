/**
 * The proxy's forwarding to its dashboard worker, against a plain HTTP server on a Unix socket in
 * this process (the worker's side of the contract: dashboardForwarder.test.ts runs the real worker
 * thread, at seconds per start). What the forwarding promises: end-to-end headers only, each way
 * (RFC 9110 §7.6.1); an unreachable worker is a 503 naming it, with the socket error as cause; an
 * answer cut short reaches the client cut, never as a short body that looks whole; and a client
 * that leaves frees the worker from its request.
 */
import { once } from "node:events";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import express from "express";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DependencyUnavailableError } from "../../../runtime/core/errors.js";
import { jsonErrorHandler } from "../../../runtime/core/httpErrors.js";
import { forwardToSocket } from "../../../runtime/proxy/dashboardForwarder.js";

let dir: string;
let socketPath: string;
let upstream: http.Server;
let onRequest: http.RequestListener = (_req, res) => res.end();
let proxy: http.Server;
let proxyPort: number;
const agent = new http.Agent({ keepAlive: true });
const errors: unknown[] = [];

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-forward-"));
  socketPath = path.join(dir, "worker.sock");
  upstream = http.createServer((req, res) => onRequest(req, res));
  upstream.listen(socketPath);
  await once(upstream, "listening");
  const app = express();
  app.use("/missing", forwardToSocket(async () => path.join(dir, "no-such.sock"), agent));
  app.use(forwardToSocket(async () => socketPath, agent));
  app.use(((error, _req, _res, next) => {
    errors.push(error);
    next(error);
  }) as express.ErrorRequestHandler);
  app.use(jsonErrorHandler(pino({ level: "silent" })));
  proxy = app.listen(0, "127.0.0.1");
  await once(proxy, "listening");
  proxyPort = (proxy.address() as AddressInfo).port;
});

afterEach(() => {
  onRequest = (_req, res) => res.end();
  errors.length = 0;
});

afterAll(async () => {
  agent.destroy();
  proxy.closeAllConnections();
  upstream.closeAllConnections();
  await Promise.all([new Promise((r) => proxy.close(r)), new Promise((r) => upstream.close(r))]);
  await fs.rm(dir, { recursive: true, force: true });
});

/** One request to the proxy on 127.0.0.1 with raw headers (fetch refuses hop-by-hop ones). */
function request(pathAndQuery: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: proxyPort, path: pathAndQuery, method: options.method ?? "GET", headers: options.headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

describe("forwarding to the dashboard worker's socket", () => {
  it("passes method, path, query, body and end-to-end headers each way, and no hop-by-hop header", async () => {
    let seen: { method?: string; url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {};
    onRequest = (req, res) => {
      let body = "";
      req.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      req.on("end", () => {
        seen = { method: req.method, url: req.url, headers: req.headers, body };
        res.writeHead(201, "Made", { "x-answer": "42", "proxy-connection": "keep-alive", upgrade: "h2c", "content-type": "text/plain" });
        res.end("made it");
      });
    };
    const answer = await request("/stars/hd189733?page=2", {
      method: "POST",
      headers: { "x-piaa-test": "yes", "proxy-connection": "keep-alive", te: "trailers", upgrade: "websocket", "content-type": "text/plain" },
      body: "sent",
    });
    expect(seen).toMatchObject({ method: "POST", url: "/stars/hd189733?page=2", body: "sent" });
    expect(seen.headers).toMatchObject({ "x-piaa-test": "yes", "content-type": "text/plain" });
    for (const hop of ["proxy-connection", "te", "upgrade"]) expect(seen.headers, hop).not.toHaveProperty(hop);
    expect(answer).toMatchObject({ status: 201, body: "made it" });
    expect(answer.headers).toMatchObject({ "x-answer": "42", "content-type": "text/plain" });
    expect(answer.headers).not.toHaveProperty("proxy-connection");
    expect(answer.headers).not.toHaveProperty("upgrade");
  });

  it("answers 503 naming the worker when its socket cannot be reached, the socket error kept as cause", async () => {
    const answer = await request("/missing/stars");
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe("1");
    expect(JSON.parse(answer.body)).toMatchObject({ error: "DependencyUnavailableError", object: "dashboard worker" });
    expect(JSON.parse(answer.body).message).toMatch(/^dashboard worker unavailable: no answer: connect ENOENT .*no-such\.sock$/);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DependencyUnavailableError);
    expect((errors[0] as Error).cause).toMatchObject({ code: "ENOENT" });
  });

  it("cuts the client's connection when the worker's answer is cut short", async () => {
    onRequest = (_req, res) => {
      res.writeHead(200, { "content-length": "100" });
      res.write("only ten b", () => res.destroy());
    };
    await expect(request("/plots/cut.png")).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
  });

  it("keeps one connection to the worker for requests one after another", async () => {
    agent.destroy(); // drops the connections earlier tests left in the pool
    let connections = 0;
    const count = () => connections++;
    upstream.on("connection", count);
    try {
      for (const page of ["/", "/stars", "/stars/hd189733"]) expect((await request(page)).status).toBe(200);
    } finally {
      upstream.off("connection", count);
    }
    expect(connections).toBe(1);
  });

  it("frees the worker from a request whose client has left before the answer began", async () => {
    const leaving: { client?: http.ClientRequest } = {};
    const workerRequestClosed = new Promise<boolean>((resolve) => {
      // The worker is still building its answer when the client leaves; it must not be left holding the request.
      onRequest = (_req, res) => {
        res.once("close", () => resolve(res.headersSent));
        leaving.client?.destroy();
      };
    });
    leaving.client = http.get({ host: "127.0.0.1", port: proxyPort, path: "/slow", agent: false }).on("error", () => {});
    expect(await workerRequestClosed).toBe(false);
  });
});
