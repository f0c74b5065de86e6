/**
 * The combiner's /metrics surface as README.md lists it: each metric's name, type and labels,
 * the batch-size buckets (powers of two, as batches grow), and that only a refused put counts
 * as a CAS conflict.
 */
import { describe, expect, it } from "vitest";
import { createCombinerMetrics } from "../../../runtime/combiner/metrics.js";

describe("createCombinerMetrics surface", () => {
  it("registers each documented metric under its name, type and labels", async () => {
    const metrics = createCombinerMetrics({ queueDepth: () => 3 });
    metrics.requests.inc({ status: "200" });
    metrics.merges.inc({ outcome: "merged" });
    metrics.mergeLatency.observe({ result: "ok" }, 0.2);
    metrics.batchSize.observe(3);
    metrics.observeStorage("get", "ok");
    const json = await metrics.registry.getMetricsAsJSON();
    const shape = Object.fromEntries(json.map((m) => [m.name, { type: String(m.type), labels: [...new Set(m.values.flatMap((v) => Object.keys(v.labels)))].sort() }]));
    expect(shape).toEqual({
      piaa_combiner_cas_conflicts_total: { type: "counter", labels: [] },
      piaa_combiner_storage_operations_total: { type: "counter", labels: ["operation", "outcome"] },
      piaa_combiner_requests_total: { type: "counter", labels: ["status"] },
      piaa_combiner_segment_changes_total: { type: "counter", labels: ["outcome"] },
      piaa_combiner_queue_depth: { type: "gauge", labels: [] },
      piaa_combiner_merge_duration_seconds: { type: "histogram", labels: ["le", "result"] },
      piaa_combiner_batch_segments: { type: "histogram", labels: ["le"] },
    });
    for (const m of json) expect(m.help, m.name).not.toBe("");
  });

  it("buckets batch sizes by powers of two up to 256", async () => {
    const metrics = createCombinerMetrics({ queueDepth: () => 0 });
    metrics.batchSize.observe(3);
    const batch = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === "piaa_combiner_batch_segments")!;
    const buckets = batch.values.filter((v) => "le" in v.labels);
    expect(buckets.map((v) => v.labels.le)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, "+Inf"]);
    expect(buckets.map((v) => v.value)).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("counts a CAS conflict for a refused put only: not a failed put, nor a refused delete", async () => {
    const metrics = createCombinerMetrics({ queueDepth: () => 0 });
    metrics.observeStorage("put", "error");
    metrics.observeStorage("delete", "conflict");
    metrics.observeStorage("put", "ok");
    const conflicts = async () => (await metrics.registry.getSingleMetric("piaa_combiner_cas_conflicts_total")!.get()).values[0]?.value ?? 0;
    expect(await conflicts()).toBe(0);
    metrics.observeStorage("put", "conflict");
    expect(await conflicts()).toBe(1);
  });
});
