/**
 * One coalesced batch as the app answers it: one answer per request, in order, carrying the
 * request's event type; an invalid segment answered with its error while the rest merge; the
 * batch's size, duration (ok or error) and outcomes in the metrics; a failed batch thrown to every
 * waiting request and logged with its star.
 */
import { describe, expect, it } from "vitest";
import { InvalidSegmentError, StoreUnavailableError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { createCombinerMetrics, type CombinerMetrics } from "../../../runtime/combiner/metrics.js";
import { createSegmentBatcher } from "../../../runtime/combiner/segmentBatcher.js";
import type { SegmentRequest } from "../../../runtime/combiner/segmentRequest.js";
import { TEST_PIC, testObjectName, testSegmentBytes } from "../core/testSegments.js";
import { pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-batcher-");
const A = testObjectName(1);
const B = testObjectName(2);
const C = testObjectName(3);

const request = (object: string, eventType: SegmentRequest["eventType"], generation?: string): SegmentRequest => ({ pic: TEST_PIC, object, generation, eventType });

async function metricValue(metrics: CombinerMetrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  // A histogram's _count and _sum are values of the histogram, told apart by metricName.
  const base = name.replace(/_(count|sum)$/, "");
  const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name || m.name === base)!;
  const values = metric.values.filter((v) => (v as { metricName?: string }).metricName === undefined || (v as { metricName?: string }).metricName === name);
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k as never] === l))?.value ?? 0;
}

function batcherOn(store: ObjectStore) {
  const metrics = createCombinerMetrics({ queueDepth: () => 0 });
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ service: "combiner", level: "debug", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { metrics, lines, applyBatch: createSegmentBatcher({ store, logger, metrics }) };
}

describe("createSegmentBatcher", () => {
  it("answers each request in order with its object, generation and event type; an invalid one with its error", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10));
    const gB = (await store.put(B, Buffer.from(testSegmentBytes(pts(5)).replace(/"sig_r":\s*[0-9.e+-]+/, '"sig_r": -1')))).generation;
    const gC = await upload(store, C, pts(20));
    const { applyBatch, metrics } = batcherOn(store);
    await applyBatch(TEST_PIC, [request(C, "OBJECT_FINALIZE", gC)]);
    await store.delete(C);

    const answers = await applyBatch(TEST_PIC, [request(A, "OBJECT_FINALIZE", gA), request(B, "OBJECT_FINALIZE", gB), request(C, "OBJECT_DELETE", gC)]);
    expect(answers[0]).toEqual({ object: A, generation: gA, eventType: "OBJECT_FINALIZE", outcome: "merged" });
    expect(answers[1]).toEqual({ error: expect.any(InvalidSegmentError) });
    expect((answers[1] as { error: InvalidSegmentError }).error.objectName).toBe(B);
    expect(answers[2]).toEqual({ object: C, generation: gC, eventType: "OBJECT_DELETE", outcome: "removed" });

    expect(await metricValue(metrics, "piaa_combiner_segment_changes_total", { outcome: "merged" })).toBe(2);
    expect(await metricValue(metrics, "piaa_combiner_segment_changes_total", { outcome: "invalid" })).toBe(1);
    expect(await metricValue(metrics, "piaa_combiner_segment_changes_total", { outcome: "removed" })).toBe(1);
    expect(await metricValue(metrics, "piaa_combiner_batch_segments_count")).toBe(2);
    expect(await metricValue(metrics, "piaa_combiner_batch_segments_sum")).toBe(4);
    expect(await metricValue(metrics, "piaa_combiner_merge_duration_seconds_count", { result: "ok" })).toBe(2);
    expect(await metricValue(metrics, "piaa_combiner_merge_duration_seconds_count", { result: "error" })).toBe(0);
  });

  it("throws a failed batch's error, timed as an error, and logs it with the star", async () => {
    const inner = freshStore();
    await upload(inner, A, pts(10));
    const down = new StoreUnavailableError(`MLC/${TEST_PIC}.json`, "bucket unreachable");
    const store: ObjectStore = Object.create(inner, { get: { value: () => Promise.reject(down) }, getIfChanged: { value: () => Promise.reject(down) } });
    const { applyBatch, metrics, lines } = batcherOn(store);
    await expect(applyBatch(TEST_PIC, [request(A, "OBJECT_FINALIZE")])).rejects.toBe(down);
    expect(await metricValue(metrics, "piaa_combiner_merge_duration_seconds_count", { result: "error" })).toBe(1);
    expect(await metricValue(metrics, "piaa_combiner_merge_duration_seconds_count", { result: "ok" })).toBe(0);
    expect(await metricValue(metrics, "piaa_combiner_segment_changes_total")).toBe(0);
    expect(lines.find((line) => line.level === "warn")).toMatchObject({ pic: TEST_PIC, segments: 1, error: down.message });
  });

  it("applies the size limits and tail point limit it was built with", async () => {
    const store = freshStore();
    const gA = await upload(store, A, pts(10, 20));
    const gB = await upload(store, B, pts(30));
    const metrics = createCombinerMetrics({ queueDepth: () => 0 });
    const logger = createLogger({ service: "combiner", level: "silent" });
    const strict = createSegmentBatcher({ store, logger, metrics, segmentLimits: { maxBytes: 1 << 20, maxPoints: 1 }, tailPointLimit: 0 });
    const [tooLong, fits] = await strict(TEST_PIC, [request(A, "OBJECT_FINALIZE", gA), request(B, "OBJECT_FINALIZE", gB)]);
    expect(tooLong).toEqual({ error: expect.any(InvalidSegmentError) });
    expect(fits).toMatchObject({ object: B, outcome: "merged" });
    // Tail limit 0: the merged point went into a chunk.
    const chunks: string[] = [];
    for await (const { name } of store.listAll(`MLC/${TEST_PIC}/`)) chunks.push(name);
    expect(chunks).toHaveLength(1);
  });
});
