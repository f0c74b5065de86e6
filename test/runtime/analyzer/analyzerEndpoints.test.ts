/**
 * The analyzer's HTTP side (server.ts), in process on 127.0.0.1 with a filesystem bucket and no
 * analysis threads: the "analyzer listening" line that carries the port (how `piaa start` learns
 * it), /healthz, /status with the counts once a star is analysed, and a shutdown that is the same
 * however often it is asked for.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readAnalyzerConfig } from "../../../runtime/analyzer/config.js";
import { startAnalyzerServer, type RunningAnalyzer } from "../../../runtime/analyzer/server.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";

let dir: string;
let running: RunningAnalyzer | undefined;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-analyzer-endpoints-"));
});

afterEach(async () => {
  await running?.shutdown("test over");
  running = undefined;
  await rm(dir, { recursive: true, force: true });
});

function logLines() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ service: "analyzer", level: "info", destination }) };
}

describe("startAnalyzerServer", () => {
  it("announces its port in the 'analyzer listening' line and answers /healthz and /status", async () => {
    const { lines, logger } = logLines();
    const config = readAnalyzerConfig({ PIAA_BUCKET: dir, PORT: "0", PIAA_ANALYZER_HOST: "127.0.0.1", PIAA_ANALYZER_THREADS: "0", PIAA_ANALYZER_INTERVAL_MS: "0", PIAA_ANALYZER_SCAN_MS: "10" });
    running = await startAnalyzerServer(config, logger);
    expect(running.port).toBeGreaterThan(0);
    expect(lines.find((line) => line.message === "analyzer listening")).toMatchObject({ port: running.port, bucket: openObjectStore(dir).url, source: "bucket scans", threads: 0 });

    expect(await (await fetch(`http://127.0.0.1:${running.port}/healthz`)).json()).toEqual({ ok: true });
    // A star whose MLC does not parse: analysed into an error row, which /status counts.
    await openObjectStore(dir).put(masterLightCurveName("PIC_J01000000+100000"), Buffer.from('{"schema": 1, "pic": "trunc'));
    let status: Record<string, unknown> = {};
    for (let attempt = 0; attempt < 400 && status.error !== 1; attempt++) {
      status = (await (await fetch(`http://127.0.0.1:${running.port}/status`)).json()) as Record<string, unknown>;
      if (status.error !== 1) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(status).toEqual({ backlog: 0, analysed: 0, current: 0, error: 1, removed: 0, superseded: 0, failed: 0, threads: { running: 0, died: 0 } });
  });

  it("shuts down once however often asked: the same answer, a log line with the reason, and the port closed", async () => {
    const { lines, logger } = logLines();
    running = await startAnalyzerServer(readAnalyzerConfig({ PIAA_BUCKET: dir, PORT: "0", PIAA_ANALYZER_HOST: "127.0.0.1", PIAA_ANALYZER_THREADS: "0" }), logger);
    const port = running.port;
    const first = running.shutdown("SIGTERM");
    expect(running.shutdown("again")).toBe(first);
    expect(await first).toBe(true);
    expect(lines.filter((line) => line.message === "stopping")).toEqual([expect.objectContaining({ reason: "SIGTERM", backlog: 0 })]);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
