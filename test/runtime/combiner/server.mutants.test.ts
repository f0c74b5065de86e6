/**
 * startCombinerServer in process, on 127.0.0.1 (server.test.ts runs it in a child process through
 * main.ts, where only PIAA_MUTATE_SPAWNED mutation runs reach it): the deployed service exports
 * the Node process metrics, and an idle drain reports success without the timeout warning.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { readCombinerConfig } from "../../../runtime/combiner/config.js";
import { startCombinerServer, type RunningCombiner } from "../../../runtime/combiner/server.js";

let running: RunningCombiner | undefined;
let bucket: string | undefined;

afterEach(async () => {
  if (running?.server.listening) await running.shutdown("test over");
  running = undefined;
  if (bucket) await rm(bucket, { recursive: true, force: true });
  bucket = undefined;
});

async function start(lines: Array<Record<string, unknown>> = []): Promise<RunningCombiner> {
  bucket = await mkdtemp(path.join(os.tmpdir(), "piaa-combiner-server-"));
  const config = readCombinerConfig({ PIAA_BUCKET: bucket, PIAA_COMBINER_TOKEN: "a-combiner-token-for-tests", PORT: "0", PIAA_COMBINER_HOST: "127.0.0.1" });
  const logger = createLogger({ service: "combiner", level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  running = await startCombinerServer(config, logger);
  return running;
}

describe("startCombinerServer", () => {
  it("exports the Node process metrics beside the combiner's own on /metrics", async () => {
    const { port } = await start();
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    // prom-client's default process metrics, under the combiner's prefix (metrics.ts).
    expect(metrics).toMatch(/^piaa_combiner_process_cpu_user_seconds_total /m);
    expect(metrics).toMatch(/^piaa_combiner_nodejs_heap_size_used_bytes /m);
  });

  it("drains an idle combiner at once: shutdown resolves true and logs no timeout warning", async () => {
    const lines: Array<Record<string, unknown>> = [];
    const combiner = await start(lines);
    expect(await combiner.shutdown("SIGTERM")).toBe(true);
    expect(combiner.server.listening).toBe(false);
    expect(lines.map((line) => line.message)).toContain("drained; exiting");
    // The "drain timed out" warning that tells operators segments will be redelivered.
    expect(lines.filter((line) => line.level === "warn")).toEqual([]);
  });
});
