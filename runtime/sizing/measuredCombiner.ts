/**
 * What one combiner replica did on Cloud Storage in `npm run bench -- gcs` (bench/README.md,
 * "Combiner on Cloud Storage"): `piaa serve combiner --bucket gs://…` against the fake Cloud
 * Storage process with a log-normal latency of median 30 ms and p99 150 ms and the one-write-per-
 * second limit per object, coalescing window 1 s, survey burst of 50 stars × 4 segments.
 * Measured 2026-12-06 on the shared 2-core development machine at load average 18–26: the
 * replica's main thread waited for a core 83% of the time, so these are floors for a replica
 * with a core of its own.
 */
export const MEASURED_COMBINER = {
  measured: "2026-12-06, shared 2-core development machine (load average 18–26), npm run bench -- gcs",
  /** Survey-burst throughput of one replica. */
  segmentsPerSecondPerReplica: 10.7,
  /** Storage requests per notification in that burst (reads and writes, retries included). */
  storageRequestsPerNotification: 3.42,
  /** CPU seconds the replica spent per 1,000 segments. */
  cpuSecondsPerThousandSegments: 16.0,
} as const;
