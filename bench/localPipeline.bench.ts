/**
 * The cost of the notification path: segments merged through local delivery → proxy → 2
 * combiner processes (signed pushes, HTTP, per-star coalescing, CAS writes), against the
 * baseline of merging the same segments in-process with `reconcileBucket` (no HTTP, one writer).
 * Both start from an empty bucket into which the same simulated LC objects are copied.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { reconcileBucket } from "../runtime/combiner/reconcile.js";
import { createLogger } from "../runtime/core/logging.js";
import type { ObjectStore } from "../runtime/core/store/objectStore.js";
import { openObjectStore } from "../runtime/core/store/openObjectStore.js";
import { readPipelineStatus } from "../runtime/local/pipelineStatus.js";
import { simulate } from "../runtime/simulator/simulate.js";
import { startLocalPipeline } from "../runtime/start/localPipeline.js";

async function copySegments(from: ObjectStore, to: ObjectStore): Promise<number> {
  let n = 0;
  for await (const { name } of from.listAll("LC/")) {
    await to.put(name, (await from.get(name)).data);
    n++;
  }
  return n;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const began = performance.now();
  await work();
  return (performance.now() - began) / 1000;
}

export async function run(): Promise<void> {
  const root = await mkdtemp(path.join(os.tmpdir(), "piaa-bench-pipeline-"));
  try {
    const source = openObjectStore(path.join(root, "source"));
    await simulate({ units: 4, nights: 3 }, source);

    const baseline = openObjectStore(path.join(root, "baseline"));
    let segments = 0;
    const baselineS = await timed(async () => {
      segments = await copySegments(source, baseline);
      await reconcileBucket(baseline);
    });

    for (const replicas of [1, 2]) {
      const dir = path.join(root, `pipeline-${replicas}`);
      const store = openObjectStore(dir);
      const pipeline = await startLocalPipeline({ store, bucketDir: dir, replicas, port: 0, logDir: `${dir}-logs`, logger: createLogger({ service: "bench", level: "silent" }) });
      try {
        const pipelineS = await timed(async () => {
          await copySegments(source, store);
          for (;;) {
            const status = await readPipelineStatus(store);
            if (status.segments === segments && status.pending.length === 0 && pipeline.deliverer.backlog === 0) break;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        });
        console.log(
          `${segments} segments, ${replicas} combiner(s): pipeline ${(segments / pipelineS).toFixed(0)} segments/s, ` +
            `in-process reconcile ${(segments / baselineS).toFixed(0)} segments/s; pipeline/baseline time ×${(pipelineS / baselineS).toFixed(2)}`,
        );
      } finally {
        await pipeline.stop();
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
