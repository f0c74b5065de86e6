/**
 * End to end on 127.0.0.1: segments written to a filesystem bucket → local delivery (signed
 * Pub/Sub push envelopes) → proxy process → two combiner processes → MLCs, with the faults the
 * design must survive (§1): duplicated and reordered notifications, a combiner killed mid-run and
 * the proxy restarted mid-run. Nothing may be lost and nothing merged twice.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reconcileBucket } from "../../../runtime/combiner/reconcile.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { readPipelineStatus, type PipelineStatus } from "../../../runtime/local/pipelineStatus.js";
import { startLocalPipeline, type LocalPipeline } from "../../../runtime/start/localPipeline.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";

const OTHER_PIC = "PIC_J18365633+3847012";
let dir: string;
let store: ObjectStore;
let pipeline: LocalPipeline;

/** Segment n with `points` points (1 + n % 3 of them unless given). */
async function writeSegment(n: number, points = 1 + (n % 3), pic = n % 2 === 0 ? TEST_PIC : OTHER_PIC): Promise<string> {
  const object = testObjectName(n, { pic });
  const bytes = testSegmentBytes(Array.from({ length: points }, (_, i) => ({ offsetS: 60 + 90 * i, seed: n * 10 + i })));
  return (await store.put(object, Buffer.from(bytes))).generation;
}

async function waitUntilMerged(timeoutMs = 180_000): Promise<PipelineStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await readPipelineStatus(store);
    if (status.pending.length === 0 && status.stale.length === 0 && pipeline.deliverer.backlog === 0) return status;
    if (Date.now() > deadline) throw new Error(`not merged after ${timeoutMs} ms: ${JSON.stringify({ ...status, backlog: pipeline.deliverer.backlog })}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every MLC, checked against the LC objects: each segment once, each point once. */
async function expectMlcsMatchBucket(expectedPoints: Map<string, number>): Promise<void> {
  for (const pic of [TEST_PIC, OTHER_PIC]) {
    const { mlc } = await loadMasterLightCurve(store, pic);
    const objects = mlc.segments.map((s) => s.object);
    expect(new Set(objects).size).toBe(objects.length);
    for (const segment of mlc.segments) {
      expect(segment.generation).toBe((await store.stat(segment.object)).generation);
      expect(segment.points).toBe(expectedPoints.get(segment.object));
    }
    const lcs = [...expectedPoints.keys()].filter((object) => object.startsWith(`LC/${pic}/`));
    expect(objects.sort()).toEqual(lcs.sort());
    expect(mlc.points.time.length).toBe(lcs.reduce((sum, object) => sum + expectedPoints.get(object)!, 0));
  }
}

// Three tsx start-ups (proxy, two combiners) outran the 60 s hook budget on a loaded 2-core machine
// (a five-run series, 2026-12-06).
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-pipeline-"));
  store = openObjectStore(dir);
  pipeline = await startLocalPipeline({
    store,
    bucketDir: dir,
    replicas: 2,
    port: 0,
    logDir: `${dir}-logs`,
    logger: createLogger({ service: "start", level: "silent" }),
    scanIntervalMs: 50,
  });
}, 180_000);

afterAll(async () => {
  await pipeline?.stop();
  await Promise.all([rm(dir, { recursive: true, force: true }), rm(`${dir}-logs`, { recursive: true, force: true })]);
});

// Real processes on a shared 2-core machine: a bound, not a goal. At load 7-11 the proxy's restart
// from source (tsx, then its dashboard worker) made the second test outrun 60 s, and a test
// that times out goes on running beside the next one (a five-run series, 2026-12-06).
describe("local pipeline", { timeout: 240_000 }, () => {
  const expectedPoints = new Map<string, number>();
  const write = async (n: number, points = 1 + (n % 3)) => {
    const generation = await writeSegment(n, points);
    expectedPoints.set(testObjectName(n, { pic: n % 2 === 0 ? TEST_PIC : OTHER_PIC }), points);
    return generation;
  };

  it("merges every segment written to the bucket into its star's MLC", async () => {
    for (let n = 0; n < 12; n++) await write(n);
    const status = await waitUntilMerged();
    expect(status).toMatchObject({ segments: 12, merged: 12, stars: 2 });
    await expectMlcsMatchBucket(expectedPoints);
  });

  it("survives a combiner killed mid-run and the proxy restarted mid-run", async () => {
    const writes = (from: number, to: number) => Promise.all(Array.from({ length: to - from }, (_, i) => write(from + i)));
    const firstWave = writes(12, 24);
    await pipeline.killCombiner(0);
    await firstWave;
    const restart = pipeline.restartProxy();
    await writes(24, 36);
    await restart;
    // Rewrites (new generations) and a delete after the restart.
    await write(3, 4);
    await write(4, 1);
    await store.delete(testObjectName(5, { pic: OTHER_PIC }));
    expectedPoints.delete(testObjectName(5, { pic: OTHER_PIC }));
    const status = await waitUntilMerged();
    expect(status).toMatchObject({ segments: 35, merged: 35, stars: 2 });
    expect(await pipeline.combiners[0]!.exited).toBe("SIGKILL");
    // Round-robin sent some attempts to the dead replica; the proxy failed over instead of failing.
    expect(await readFile(path.join(`${dir}-logs`, "proxy.log"), "utf8")).toContain("combiner unreachable");
    expect(pipeline.deliverer.stats.deadLettered).toEqual([]);
    await expectMlcsMatchBucket(expectedPoints);
  });

  it("ignores duplicated and reordered notifications: older generations, repeats, stale deletes", async () => {
    const object = testObjectName(6, { pic: TEST_PIC });
    const oldGeneration = (await store.stat(object)).generation;
    const newGeneration = await write(6, 2);
    const before = (await waitUntilMerged()).points;
    // What Pub/Sub may deliver late or twice, out of order.
    for (const change of [
      { eventType: "OBJECT_FINALIZE", object, generation: oldGeneration },
      { eventType: "OBJECT_DELETE", object, generation: oldGeneration },
      { eventType: "OBJECT_FINALIZE", object, generation: newGeneration },
      { eventType: "OBJECT_FINALIZE", object, generation: newGeneration },
      { eventType: "OBJECT_FINALIZE", object, generation: oldGeneration },
    ] as const) {
      pipeline.deliverer.enqueue(change);
    }
    await pipeline.deliverer.idle();
    const status = await waitUntilMerged();
    expect(status.points).toBe(before);
    expect(pipeline.deliverer.stats.deadLettered).toEqual([]);
    await expectMlcsMatchBucket(expectedPoints);
  });

  it("leaves nothing for reconcile to repair", async () => {
    const report = await reconcileBucket(store, { dryRun: true });
    expect(report).toMatchObject({ stars: 2, fixes: [] });
  });

  it("dead-letters a segment the combiner rejects for good, and the proxy log says why", async () => {
    const object = testObjectName(40, { pic: TEST_PIC });
    await store.put(object, Buffer.from(JSON.stringify([{ time: "yesterday", exptime: 100 }])));
    const deadline = Date.now() + 30_000;
    while (!pipeline.deliverer.stats.deadLettered.includes(object)) {
      if (Date.now() > deadline) throw new Error(`${object} was not dead-lettered: ${JSON.stringify(pipeline.deliverer.stats)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The proxy answers the push before its log line has passed through its stdout pipe into the
    // log file, so the line may arrive a moment after the dead letter: read until it is there.
    const rejections = async (): Promise<Record<string, unknown>[]> =>
      (await readFile(path.join(`${dir}-logs`, "proxy.log"), "utf8"))
        .split("\n")
        .filter((line) => line.includes("combiner rejected the segment"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    let rejection = await rejections();
    for (const logDeadline = Date.now() + 10_000; rejection.length === 0 && Date.now() < logDeadline; rejection = await rejections()) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rejection).toEqual([expect.objectContaining({ object, combinerStatus: 422, combinerMessage: expect.stringMatching(/invalid segment/) })]);
  });

  it("reports a service that dies on its own, naming it and its log", async () => {
    process.kill(pipeline.combiners[1]!.pid, "SIGKILL");
    await expect(pipeline.crashed).rejects.toThrow(/combiner-2 exited unexpectedly \(SIGKILL\); see .*combiner-2\.log/);
  });
});

describe("local pipeline start-up", () => {
  it("fails with the service's own reason when the proxy port is taken, and stops the combiners it started", { timeout: 60_000 }, async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as net.AddressInfo).port;
    const bucketDir = await mkdtemp(path.join(os.tmpdir(), "piaa-taken-"));
    try {
      const logDir = `${bucketDir}-logs`;
      const start = startLocalPipeline({ store: openObjectStore(bucketDir), bucketDir, replicas: 1, port, logDir, logger: createLogger({ service: "start", level: "silent" }) });
      await expect(start).rejects.toThrow(new RegExp(`proxy exited \\(2\\) before listening: piaa: PORT ${port} on 127\\.0\\.0\\.1: cannot listen`));
      const combinerLog = await readFile(path.join(logDir, "combiner-1.log"), "utf8");
      const combinerPort = Number(/"port":(\d+)/.exec(combinerLog)?.[1]);
      expect(combinerLog).toContain("drained; exiting");
      await expect(fetch(`http://127.0.0.1:${combinerPort}/healthz`)).rejects.toThrow();
    } finally {
      taken.close();
      await Promise.all([rm(bucketDir, { recursive: true, force: true }), rm(`${bucketDir}-logs`, { recursive: true, force: true })]);
    }
  });
});
