/**
 * The shared drain of the proxy and the combiner, on a real server on 127.0.0.1 with raw
 * clients: idle and half-sent connections are closed, requests received in full are answered
 * (with Connection: close), and the drain ends by its timeout whatever a handler or client does.
 */
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { listenHttp, type HttpService } from "../../../runtime/core/httpService.js";
import { answerHeader, openRaw, postHead } from "../rawHttp.js";

let service: HttpService | undefined;
afterEach(async () => {
  await service?.drain({ timeoutMs: 0 });
  service = undefined;
});

/** A server whose /slow answers when the test releases it and /never does not answer at all. */
async function start(): Promise<{ service: HttpService; release: () => void }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url === "/never") return;
      if (req.url === "/slow") void released.then(() => res.end("slow done"));
      else res.end("ok");
    });
  });
  service = await listenHttp(server, 0, "127.0.0.1");
  return { service, release };
}

describe("listenHttp drain", () => {
  it("closes idle and half-sent connections, answers the request received in full with Connection: close", async () => {
    const { service, release } = await start();
    const idle = await openRaw(service.port);
    const halfHeaders = await openRaw(service.port);
    halfHeaders.socket.write(postHead("/", { "Content-Length": "2" }, false));
    const halfBody = await openRaw(service.port);
    halfBody.socket.write(`${postHead("/", { "Content-Length": "10" })}12345`);
    const accepted = await openRaw(service.port);
    accepted.socket.write(`${postHead("/slow", { "Content-Length": "2" })}ok`);
    // The server has parsed every connection's bytes once the kept-alive probe is answered.
    const probe = await openRaw(service.port);
    probe.socket.write(postHead("/", { "Content-Length": "0" }));
    expect(await probe.status()).toBe(200);

    const drained = service.drain({ timeoutMs: 5000, graceMs: 100 });
    for (const connection of [idle, halfHeaders, halfBody]) expect((await connection.closed).text).toBe("");
    expect(accepted.received()).toBe("");
    release();
    const answer = await accepted.closed;
    expect(answer.text).toMatch(/^HTTP\/1\.1 200/);
    expect(answerHeader(answer.text, "connection")).toBe("close");
    expect(answer.text).toMatch(/slow done$/);
    expect(await drained).toBe(true);
    expect(service.server.listening).toBe(false);
  });

  it("answers a request sent on a kept-alive connection during the grace, closes that connection, and ends once none is left", async () => {
    const { service } = await start();
    const client = await openRaw(service.port);
    client.socket.write(postHead("/", { "Content-Length": "0" }));
    expect(await client.status()).toBe(200);
    expect(answerHeader(client.received(), "connection")).toBe("keep-alive");
    // A grace longer than any test bound: the drain ends because the last connection closed.
    const drained = service.drain({ timeoutMs: 600_000, graceMs: 600_000 });
    // Listener closed: no new connection.
    await expect(openRaw(service.port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    const before = client.received().length;
    client.socket.write(postHead("/", { "Content-Length": "0" }));
    const { text, error } = await client.closed;
    const second = text.slice(before);
    expect(second).toMatch(/^HTTP\/1\.1 200/);
    expect(answerHeader(second, "connection")).toBe("close");
    expect(error).toBeUndefined();
    expect(await drained).toBe(true);
  });

  it("ends by its timeout when a handler never answers, cutting the connection", async () => {
    const { service } = await start();
    const stuck = await openRaw(service.port);
    stuck.socket.write(`${postHead("/never", { "Content-Length": "1" })}x`);
    const probe = await openRaw(service.port);
    probe.socket.write(postHead("/", { "Content-Length": "0" }));
    await probe.status();
    expect(await service.drain({ timeoutMs: 300, graceMs: 50 })).toBe(false);
    expect((await stuck.closed).text).toBe("");
  });

  it("waits for `settle` too, and reports false when it does not finish in time", async () => {
    const { service } = await start();
    expect(await service.drain({ timeoutMs: 200, graceMs: 10, settle: () => new Promise<void>(() => undefined) })).toBe(false);
  });
});
