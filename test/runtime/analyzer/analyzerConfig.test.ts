/**
 * The analyzer's configuration (config.ts), read in process from a given environment: the
 * documented defaults, each variable's bounds (refused naming the variable and the value), and
 * the subscription name's shape.
 */
import { describe, expect, it } from "vitest";
import { availableCores } from "../../../runtime/core/availableCores.js";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { readAnalyzerConfig } from "../../../runtime/analyzer/config.js";

const SUBSCRIPTION = "projects/piaa-test-1/subscriptions/mlc-analyzer";

describe("readAnalyzerConfig", () => {
  it("has the documented defaults: ./piaa-data, scan mode, 5 s, a thread per CPU, 320 MiB, 2 stars per thread, 1000 messages, 8080 on every interface", () => {
    const cores = availableCores();
    expect(readAnalyzerConfig({})).toEqual({
      bucket: "./piaa-data",
      subscription: undefined,
      intervalMs: 5000,
      threads: cores,
      threadHeapMb: 320,
      concurrency: 2 * Math.max(1, cores),
      maxMessages: 1000,
      scanIntervalMs: undefined,
      port: 8080,
      host: "0.0.0.0",
      logLevel: "info",
    });
  });

  it("takes every variable given, empty ones as unset, and bases the default concurrency on the threads", () => {
    const env = {
      PIAA_BUCKET: "gs://piaa-bucket",
      PIAA_ANALYZER_SUBSCRIPTION: SUBSCRIPTION,
      PIAA_ANALYZER_INTERVAL_MS: "0",
      PIAA_ANALYZER_THREADS: "3",
      PIAA_ANALYZER_THREAD_HEAP_MB: "64",
      PIAA_ANALYZER_MAX_MESSAGES: "100000",
      PIAA_ANALYZER_SCAN_MS: "10",
      PORT: "0",
      PIAA_ANALYZER_HOST: "127.0.0.1",
      LOG_LEVEL: "debug",
    };
    expect(readAnalyzerConfig(env)).toEqual({
      bucket: "gs://piaa-bucket",
      subscription: SUBSCRIPTION,
      intervalMs: 0,
      threads: 3,
      threadHeapMb: 64,
      concurrency: 6,
      maxMessages: 100000,
      scanIntervalMs: 10,
      port: 0,
      host: "127.0.0.1",
      logLevel: "debug",
    });
    expect(readAnalyzerConfig({ PIAA_ANALYZER_THREADS: "0" }).concurrency).toBe(2);
    expect(readAnalyzerConfig({ PIAA_ANALYZER_THREADS: "0", PIAA_ANALYZER_CONCURRENCY: "256" })).toMatchObject({ threads: 0, concurrency: 256 });
    expect(readAnalyzerConfig({ PIAA_BUCKET: "", PIAA_ANALYZER_SUBSCRIPTION: "", PIAA_ANALYZER_HOST: "", LOG_LEVEL: "" })).toMatchObject({
      bucket: "./piaa-data",
      subscription: undefined,
      host: "0.0.0.0",
      logLevel: "info",
    });
  });

  it.each([
    ["PIAA_ANALYZER_INTERVAL_MS", "3600001", 0, 3_600_000],
    ["PIAA_ANALYZER_THREADS", "65", 0, 64],
    ["PIAA_ANALYZER_THREAD_HEAP_MB", "63", 64, 65_536],
    ["PIAA_ANALYZER_THREAD_HEAP_MB", "65537", 64, 65_536],
    ["PIAA_ANALYZER_CONCURRENCY", "0", 1, 256],
    ["PIAA_ANALYZER_CONCURRENCY", "257", 1, 256],
    ["PIAA_ANALYZER_MAX_MESSAGES", "0", 1, 100_000],
    ["PIAA_ANALYZER_MAX_MESSAGES", "100001", 1, 100_000],
    ["PIAA_ANALYZER_SCAN_MS", "9", 10, 60_000],
    ["PIAA_ANALYZER_SCAN_MS", "60001", 10, 60_000],
    ["PORT", "65536", 0, 65_535],
  ])("refuses %s=%s, naming the variable and its range", (name, value, min, max) => {
    expect(() => readAnalyzerConfig({ [name]: value })).toThrow(new UsageError(`${name} must be an integer from ${min} to ${max} (got "${value}")`));
  });

  it.each([["64"], ["65536"]])("takes the heap limit's bounds (%s MiB)", (value) => {
    expect(readAnalyzerConfig({ PIAA_ANALYZER_THREAD_HEAP_MB: value }).threadHeapMb).toBe(Number(value));
  });

  it("takes the other bounds too", () => {
    expect(
      readAnalyzerConfig({ PIAA_ANALYZER_INTERVAL_MS: "3600000", PIAA_ANALYZER_THREADS: "64", PIAA_ANALYZER_CONCURRENCY: "1", PIAA_ANALYZER_MAX_MESSAGES: "1", PIAA_ANALYZER_SCAN_MS: "60000", PORT: "65535" }),
    ).toMatchObject({ intervalMs: 3_600_000, threads: 64, concurrency: 1, maxMessages: 1, scanIntervalMs: 60_000, port: 65_535 });
  });

  it.each([
    "projects/piaa/subscriptions/mlc",
    "projects/piaa-test-1/subscriptions/ab",
    "projects/Piaa-test-1/subscriptions/mlc",
    "projects/piaa-test-/subscriptions/mlc",
    "projects/piaa-test-1/topics/mlc",
    `${SUBSCRIPTION}/extra`,
    `x${SUBSCRIPTION}`,
    "projects/piaa-test-1/subscriptions/9mlc",
  ])("refuses the subscription %j, showing the shape it must have", (subscription) => {
    expect(() => readAnalyzerConfig({ PIAA_ANALYZER_SUBSCRIPTION: subscription })).toThrow(
      new UsageError(`PIAA_ANALYZER_SUBSCRIPTION must look like projects/PROJECT/subscriptions/NAME (got ${JSON.stringify(subscription)})`),
    );
  });

  it("takes subscription names at the limits of the shape", () => {
    for (const subscription of ["projects/abcdef/subscriptions/abc", `projects/a${"b".repeat(28)}c/subscriptions/A${"-._~+%".repeat(42)}9`]) {
      expect(readAnalyzerConfig({ PIAA_ANALYZER_SUBSCRIPTION: subscription }).subscription).toBe(subscription);
    }
  });

  it("refuses an unknown LOG_LEVEL, naming it", () => {
    expect(() => readAnalyzerConfig({ LOG_LEVEL: "loud" })).toThrow(/^LOG_LEVEL must be one of .* \(got "loud"\)$/);
  });
});
