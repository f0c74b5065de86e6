/**
 * countingObjectStore, the source of the combiner's storage metrics and of the benchmarks'
 * "storage operations per notification": every call forwarded unchanged and counted once under
 * its operation, refused preconditions told apart from other failures.
 */
import { describe, expect, it } from "vitest";
import { countingObjectStore, totalOperations, type StorageOperation } from "../../../runtime/combiner/countingObjectStore.js";
import { createCombinerMetrics } from "../../../runtime/combiner/metrics.js";
import { NotFoundError, PreconditionFailedError } from "../../../runtime/core/errors.js";
import { scratchBuckets } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-counting-");

describe("countingObjectStore", () => {
  it("forwards each operation and counts it once, getIfChanged as a get, listAll through the counted list", async () => {
    const inner = freshStore();
    const observed: string[] = [];
    const store = countingObjectStore(inner, (operation, outcome) => observed.push(`${operation}:${outcome}`));
    expect([store.url, store.bucket]).toEqual([inner.url, inner.bucket]);
    const { generation } = await store.put("LC/a.json", Buffer.from("{}"));
    expect((await store.get("LC/a.json")).generation).toBe(generation);
    expect(await store.getIfChanged("LC/a.json", generation)).toBeUndefined();
    expect((await store.stat("LC/a.json")).generation).toBe(generation);
    expect((await store.list({ prefix: "LC/" })).objects.map((i) => i.name)).toEqual(["LC/a.json"]);
    const listed: string[] = [];
    for await (const stat of store.listAll("LC/")) listed.push(stat.name);
    expect(listed).toEqual(["LC/a.json"]);
    await store.delete("LC/a.json");
    expect(store.counts).toEqual({ get: 2, stat: 1, put: 1, delete: 1, list: 2, preconditionFailed: 0 });
    expect(totalOperations(store.counts)).toBe(7);
    expect(observed).toEqual(["put:ok", "get:ok", "get:ok", "stat:ok", "list:ok", "list:ok", "delete:ok"]);
    store.resetCounts();
    expect(store.counts).toEqual({ get: 0, stat: 0, put: 0, delete: 0, list: 0, preconditionFailed: 0 });
  });

  it("tells a refused precondition (conflict) from another failure (error), and rethrows both", async () => {
    const observed: string[] = [];
    const store = countingObjectStore(freshStore(), (operation, outcome) => observed.push(`${operation}:${outcome}`));
    await store.put("MLC/x.json", Buffer.from("1"));
    await expect(store.put("MLC/x.json", Buffer.from("2"), { ifGenerationMatch: "0" })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.delete("MLC/x.json", { ifGenerationMatch: "1" })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.get("MLC/missing.json")).rejects.toBeInstanceOf(NotFoundError);
    expect(observed).toEqual(["put:ok", "put:conflict", "delete:conflict", "get:error"]);
    expect(store.counts).toMatchObject({ put: 2, delete: 1, get: 1, preconditionFailed: 2 });
  });

  it("adds up every operation kind in totalOperations, and not preconditionFailed", () => {
    expect(totalOperations({ get: 1, stat: 2, put: 4, delete: 8, list: 16, preconditionFailed: 32 })).toBe(31);
  });
});

describe("combiner metrics of storage", () => {
  const value = async (metrics: ReturnType<typeof createCombinerMetrics>, name: string, labels: Record<string, string> = {}) => {
    const metric = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name)!;
    return metric.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value ?? 0;
  };

  it("counts operations by outcome, and as CAS conflicts only refused puts", async () => {
    const metrics = createCombinerMetrics({ queueDepth: () => 7 });
    const events: [StorageOperation, "ok" | "conflict" | "error"][] = [
      ["put", "conflict"],
      ["put", "conflict"],
      ["delete", "conflict"],
      ["put", "error"],
      ["get", "ok"],
    ];
    for (const [operation, outcome] of events) metrics.observeStorage(operation, outcome);
    expect(await value(metrics, "piaa_combiner_cas_conflicts_total")).toBe(2);
    expect(await value(metrics, "piaa_combiner_storage_operations_total", { operation: "put", outcome: "conflict" })).toBe(2);
    expect(await value(metrics, "piaa_combiner_storage_operations_total", { operation: "delete", outcome: "conflict" })).toBe(1);
    expect(await value(metrics, "piaa_combiner_queue_depth")).toBe(7);
  });

  it("exports Node process metrics, prefixed, only when asked", async () => {
    const names = async (processMetrics: boolean) => (await createCombinerMetrics({ queueDepth: () => 0, processMetrics }).registry.getMetricsAsJSON()).map((m) => m.name);
    expect(await names(false)).not.toContain("piaa_combiner_process_resident_memory_bytes");
    expect((await names(true)).filter((name) => name.startsWith("piaa_combiner_nodejs_")).length).toBeGreaterThan(0);
  });
});
