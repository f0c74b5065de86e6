/**
 * The analyzer's health endpoint stops like the other services, through the shared drain
 * (runtime/core/httpService.ts): a client that holds a connection idle, or stops halfway through
 * its request's headers, does not hold up the shutdown (a plain server.close() waited for such a
 * client until node's 60-second headers timeout).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readAnalyzerConfig } from "../../../runtime/analyzer/config.js";
import { startAnalyzerServer } from "../../../runtime/analyzer/server.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { openRaw } from "../rawHttp.js";

let bucket: string | undefined;

afterEach(async () => {
  if (bucket) await rm(bucket, { recursive: true, force: true });
});

describe("startAnalyzerServer shutdown", () => {
  it("closes idle and half-sent connections, answers what it received, and reports a clean stop", async () => {
    bucket = await mkdtemp(path.join(tmpdir(), "piaa-analyzer-stop-"));
    const config = readAnalyzerConfig({ PIAA_BUCKET: bucket, PORT: "0", PIAA_ANALYZER_HOST: "127.0.0.1", PIAA_ANALYZER_THREADS: "1" });
    const running = await startAnalyzerServer(config, createLogger({ service: "test", level: "silent" }));
    const idle = await openRaw(running.port);
    const halfHeaders = await openRaw(running.port);
    halfHeaders.socket.write("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    // Once a later request on its own connection is answered, the server has read the others' bytes.
    const probe = await openRaw(running.port);
    probe.socket.write("GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(await probe.status()).toBe(200);

    expect(await running.shutdown("test")).toBe(true);
    for (const client of [idle, halfHeaders]) expect((await client.closed).text).toBe("");
    expect((await probe.closed).text).toMatch(/"backlog":0/);
    await expect(fetch(`http://127.0.0.1:${running.port}/healthz`)).rejects.toThrow();
  }, 20_000);
});
