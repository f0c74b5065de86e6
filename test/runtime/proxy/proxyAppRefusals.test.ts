/**
 * The proxy under the probe's hostile requests, on a real socket (127.0.0.1): refused from the
 * request line and headers alone, answered at once, connection closed without reading the body;
 * and a certificate outage answered 503 with one fetch and one log line per interval.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { serveCertificates } from "../../../runtime/local/localOidcIssuer.js";
import { createCombinerForwarder } from "../../../runtime/proxy/combinerForwarder.js";
import { createKeyDocumentCache } from "../../../runtime/proxy/keyDocumentCache.js";
import { createOidcVerifier } from "../../../runtime/proxy/oidcVerifier.js";
import { createProxyApp, NOTIFICATION_BODY_LIMIT_BYTES } from "../../../runtime/proxy/proxyApp.js";
import { answerHeader, openRaw, postHead } from "../rawHttp.js";
import { AUDIENCE, issuer, PUSH_ACCOUNT, pushAuthorization, pushBody, usePushEdges } from "./pushFixtures.js";

const edges = usePushEdges();
const servers: http.Server[] = [];

afterEach(() => {
  edges.combiner.requests.length = 0;
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

/** `retryAfterFailureMs`: the cache's backoff, long enough that no burst outlasts it. */
function proxyApp(certsUrl: string, options: { draining?: boolean; retryAfterFailureMs?: number } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({ service: "proxy", level: "debug", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  const app = createProxyApp({
    verifier: createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certificates: createKeyDocumentCache({
        url: certsUrl,
        subject: "push token certificates",
        logger,
        timeoutMs: 2000,
        backoff: { baseDelayMs: options.retryAfterFailureMs ?? 1000, maxDelayMs: 60_000 },
      }) }),
    forwarder: createCombinerForwarder({ urls: [edges.combiner.url], token: "combiner-secret-for-tests", retry: { baseDelayMs: 1, maxDelayMs: 5 } }),
    logger,
    ocnChannelToken: "ocn-channel-token",
    isDraining: () => options.draining ?? false,
  });
  return { app, lines };
}

async function listening(app: http.RequestListener): Promise<number> {
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

describe("refused before the body is read, connection closed", () => {
  it.each([
    ["a push declaring 99999999999 bytes", "/pubsub/push", { "Content-Length": "99999999999" }, 413],
    ["a push declaring one byte over the limit", "/pubsub/push", { "Content-Length": String(NOTIFICATION_BODY_LIMIT_BYTES + 1) }, 413],
    ["a push without a token, its body sent slowly", "/pubsub/push", { "Content-Length": "2000" }, 401],
    ["a push with a forged token, its body sent slowly", "/pubsub/push", { "Content-Length": "2000", Authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln" }, 401],
    ["an OCN notification with a wrong channel token", "/ocn", { "Content-Length": "2000", "X-Goog-Channel-Token": "guess" }, 401],
    ["an OCN notification declaring 99999999999 bytes", "/ocn", { "Content-Length": "99999999999", "X-Goog-Channel-Token": "ocn-channel-token" }, 413],
  ])("%s (%s)", async (_case, path, headers, status) => {
    const port = await listening(proxyApp(edges.certs.url).app);
    const client = await openRaw(port);
    // Headers and the first bytes of the body, then nothing more: the answer cannot wait for the rest.
    client.socket.write(`${postHead(path, { "Content-Type": "application/json", ...headers })}{"mess`);
    expect(await client.status()).toBe(status);
    const { text } = await client.closed;
    expect(answerHeader(text, "connection")).toBe("close");
  });

  it("still reads and answers a complete push of a valid size", async () => {
    const port = await listening(proxyApp(edges.certs.url).app);
    const client = await openRaw(port);
    client.socket.write(`${postHead("/pubsub/push", { "Content-Type": "application/json", "Content-Length": String(pushBody.length), Authorization: pushAuthorization() })}${pushBody}`);
    expect(await client.status()).toBe(200);
    expect(answerHeader(client.received(), "connection")).toBe("keep-alive");
    client.socket.destroy();
  });
});

describe("certificate outage", () => {
  it("answers a burst 503 with Retry-After after one fetch, logging one line and no stack", async () => {
    let fetches = 0;
    const failing = http.createServer((_req, res) => {
      fetches++;
      res.writeHead(503).end();
    });
    servers.push(failing);
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    const { app, lines } = proxyApp(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/certs`, { retryAfterFailureMs: 60_000 });
    const port = await listening(app);
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => fetch(`http://127.0.0.1:${port}/pubsub/push`, { method: "POST", headers: { authorization: pushAuthorization(), "content-type": "application/json" }, body: pushBody })),
    );
    expect(answers.map((res) => res.status)).toEqual(Array(40).fill(503));
    // Retry-After: what is left of the 60 s backoff, in whole seconds.
    expect(answers.every((res) => /^([1-9]|[1-5]\d|60)$/.test(res.headers.get("retry-after") ?? ""))).toBe(true);
    expect(fetches).toBe(1);
    expect(lines.filter((line) => line.message === "cannot fetch key document")).toEqual([expect.objectContaining({ severity: "WARNING", reason: "HTTP 503" })]);
    expect(lines.filter((line) => line.severity === "ERROR" || "err" in line)).toEqual([]);
    expect(edges.combiner.requests).toHaveLength(0);
  });

  it("answers 503 when the certificate URL is unreachable", async () => {
    const down = await serveCertificates(issuer);
    await down.close();
    const { app, lines } = proxyApp(down.url);
    const res = await request(app).post("/pubsub/push").set("authorization", pushAuthorization()).send({}).expect(503);
    expect(res.body).toMatchObject({ error: "DependencyUnavailableError", object: "push token certificates" });
    expect(lines.filter((line) => line.severity === "ERROR")).toEqual([]);
  });
});

describe("shutting down", () => {
  it("/readyz answers 200, then 503 once draining; notifications get 503 with Retry-After", async () => {
    await request(proxyApp(edges.certs.url).app).get("/readyz").expect(200, { status: "ready" });
    const { app } = proxyApp(edges.certs.url, { draining: true });
    await request(app).get("/readyz").expect(503);
    const res = await request(app).post("/pubsub/push").set("authorization", pushAuthorization()).send({}).expect(503);
    expect(res.headers["retry-after"]).toBe("2");
    expect(edges.combiner.requests).toHaveLength(0);
  });
});
