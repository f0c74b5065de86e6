/**
 * Prometheus metrics of one combiner app, in a Registry of its own so that several apps in one
 * process (tests, the local pipeline) never share or double-register counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { StorageObserver } from "./countingObjectStore.js";

export interface CombinerMetrics {
  registry: Registry;
  requests: Counter<"status">;
  /** Segment changes applied, by outcome (merged, unchanged, removed, invalid...). */
  merges: Counter<"outcome">;
  casConflicts: Counter;
  queueDepth: Gauge;
  /** Duration of one coalesced read-merge-write, in seconds. */
  mergeLatency: Histogram<"result">;
  /** Segments per coalesced batch. */
  batchSize: Histogram;
  storageOperations: Counter<"operation" | "outcome">;
  /** Feeds storageOperations and casConflicts from a countingObjectStore. */
  observeStorage: StorageObserver;
}

export interface MetricsOptions {
  /** Current number of waiting and in-flight segments, read at scrape time. */
  queueDepth: () => number;
  /** Also export Node process metrics (RSS, event-loop lag); off in tests to keep scrapes small. */
  processMetrics?: boolean;
}

export function createCombinerMetrics({ queueDepth, processMetrics = false }: MetricsOptions): CombinerMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: "piaa_combiner_" });
  const casConflicts = new Counter({
    name: "piaa_combiner_cas_conflicts_total",
    help: "MLC writes refused because another writer changed the MLC first (retried)",
    registers,
  });
  const storageOperations = new Counter({
    name: "piaa_combiner_storage_operations_total",
    help: "Object store operations, by operation and outcome",
    labelNames: ["operation", "outcome"] as const,
    registers,
  });
  return {
    registry,
    requests: new Counter({
      name: "piaa_combiner_requests_total",
      help: "POST /v1/segments requests, by HTTP status",
      labelNames: ["status"] as const,
      registers,
    }),
    merges: new Counter({
      name: "piaa_combiner_segment_changes_total",
      help: "Segment changes applied to MLCs, by outcome",
      labelNames: ["outcome"] as const,
      registers,
    }),
    casConflicts,
    queueDepth: new Gauge({
      name: "piaa_combiner_queue_depth",
      help: "Segments waiting for or in a coalesced batch",
      registers,
      collect() {
        this.set(queueDepth());
      },
    }),
    mergeLatency: new Histogram({
      name: "piaa_combiner_merge_duration_seconds",
      help: "Duration of one coalesced read-merge-write of an MLC",
      labelNames: ["result"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    batchSize: new Histogram({
      name: "piaa_combiner_batch_segments",
      help: "Segments per coalesced batch",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers,
    }),
    storageOperations,
    observeStorage(operation, outcome) {
      storageOperations.inc({ operation, outcome });
      if (outcome === "conflict" && operation === "put") casConflicts.inc();
    },
  };
}
