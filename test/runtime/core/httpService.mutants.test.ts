/**
 * The parts of listenHttp a caller relies on besides the drain's connection handling: a port
 * that cannot be bound is a UsageError naming port and host, `draining` turns on with the
 * drain, every drain call shares the one drain, and the grace never outlasts the drain's bound.
 */
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/errors.js";
import { listenHttp, type HttpService } from "../../../runtime/core/httpService.js";
import { openRaw, postHead } from "../rawHttp.js";

const services: HttpService[] = [];
afterEach(async () => {
  for (const service of services.splice(0)) await service.drain({ timeoutMs: 0 });
});

/** /late answers a few event-loop turns later (a handler awaiting the store), anything else at once. */
async function start(): Promise<HttpService> {
  const server = http.createServer((req, res) => {
    if (req.url === "/late") setTimeout(() => res.end("late"), 30);
    else res.end("ok");
  });
  const service = await listenHttp(server, 0, "127.0.0.1");
  services.push(service);
  return service;
}

describe("listenHttp", () => {
  it("refuses a port already in use with a UsageError naming the port, the host and the reason", async () => {
    const first = await start();
    const refusal = await listenHttp(http.createServer(), first.port, "127.0.0.1").catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UsageError);
    expect((refusal as UsageError).message).toMatch(new RegExp(`^PORT ${first.port} on 127\\.0\\.0\\.1: cannot listen \\(listen EADDRINUSE.*\\)$`));
  });

  it("reports the bound port, and draining from the first drain call on; later calls share that drain", async () => {
    const service = await start();
    expect(service.port).toBe((service.server.address() as { port: number }).port);
    expect(service.port).toBeGreaterThan(0);
    expect(service.draining).toBe(false);
    const first = service.drain({ timeoutMs: 1000, graceMs: 0 });
    expect(service.draining).toBe(true);
    expect(service.drain({ timeoutMs: 0 })).toBe(first);
    expect(await first).toBe(true);
  });

  it("caps the grace at the drain's timeout: an idle client cannot hold the drain past it", async () => {
    const service = await start();
    const idle = await openRaw(service.port);
    const probe = await openRaw(service.port);
    probe.socket.write(postHead("/", { "Content-Length": "0" }));
    expect(await probe.status()).toBe(200);
    // A grace far past any test bound: only the cap at timeoutMs lets the drain end.
    expect(await service.drain({ timeoutMs: 50, graceMs: 600_000 })).toBe(true);
    expect((await idle.closed).text).toBe("");
  });

  it("answers a request received in full that takes longer than the grace, within the drain's bound", async () => {
    const service = await start();
    const client = await openRaw(service.port);
    client.socket.write(postHead("/late", { "Content-Length": "0" }));
    const probe = await openRaw(service.port);
    probe.socket.write(postHead("/", { "Content-Length": "0" }));
    expect(await probe.status()).toBe(200);
    expect(await service.drain({ timeoutMs: 10_000, graceMs: 0 })).toBe(true);
    expect((await client.closed).text).toMatch(/^HTTP\/1\.1 200[\s\S]*late$/);
  });
});
