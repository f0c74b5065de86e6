/**
 * readCombinerConfig at its edges: the shortest token accepted, the variables config.test.ts sets
 * only together or not at all, and empty values read as unset.
 */
import { describe, expect, it } from "vitest";
import { readCombinerConfig, readSegmentLimits } from "../../../runtime/combiner/config.js";
import { DEFAULT_SEGMENT_LIMITS } from "../../../runtime/core/lightCurveSegment.js";

const TOKEN = "0123456789abcdef"; // 16 characters, the shortest accepted

describe("readCombinerConfig edges", () => {
  it("accepts a token of exactly 16 characters and refuses one of 15", () => {
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN }).token).toBe(TOKEN);
    expect(() => readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN.slice(1) })).toThrow("PIAA_COMBINER_TOKEN must be at least 16 characters without spaces");
  });

  it("reads the listening address, and empty bucket and address variables as unset", () => {
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_HOST: "127.0.0.1" }).host).toBe("127.0.0.1");
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_HOST: "", PIAA_BUCKET: "" })).toMatchObject({ host: "0.0.0.0", bucket: "./piaa-data" });
  });

  it("takes the segment limits when only the byte limit is set", () => {
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, PIAA_SEGMENT_MAX_BYTES: "2048" }).limits).toEqual({
      segmentLimits: { maxBytes: 2048, maxPoints: DEFAULT_SEGMENT_LIMITS.maxPoints },
    });
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, PIAA_SEGMENT_MAX_BYTES: "" }).limits).toEqual({});
  });

  it.each([
    ["PIAA_SEGMENT_MAX_BYTES", "1024", "1023"],
    ["PIAA_SEGMENT_MAX_BYTES", String(1024 ** 3), String(1024 ** 3 + 1)],
    ["PIAA_SEGMENT_MAX_POINTS", "1", "0"],
    ["PIAA_SEGMENT_MAX_POINTS", "10000000", "10000001"],
  ])("segment limit %s takes %s and refuses %s", (name, inside, outside) => {
    const key = name === "PIAA_SEGMENT_MAX_BYTES" ? "maxBytes" : "maxPoints";
    expect(readSegmentLimits({ [name]: inside })[key]).toBe(Number(inside));
    expect(() => readSegmentLimits({ [name]: outside })).toThrow(name);
  });

  it.each([
    ["PIAA_COMBINER_WINDOW_MS", "0", "60001", "windowMs"],
    ["PIAA_COMBINER_MAX_PENDING", "1000000", "1000001", "maxPending"],
    ["PIAA_COMBINER_MAX_BODY_BYTES", "1024", "1023", "maxBodyBytes"],
    ["PIAA_COMBINER_TAIL_POINTS", "1000000", "1000001", "tailPointLimit"],
    ["PIAA_COMBINER_CACHE_POINTS", "100000000", "100000001", "cachePoints"],
  ])("limit %s takes %s and refuses %s", (name, inside, outside, limit) => {
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, [name]: inside }).limits).toEqual({ [limit]: Number(inside) });
    expect(() => readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, [name]: outside })).toThrow(name);
  });

  it("takes the drain timeout from 0 to 600000 ms", () => {
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_DRAIN_TIMEOUT_MS: "0" }).drainTimeoutMs).toBe(0);
    expect(() => readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_DRAIN_TIMEOUT_MS: "600001" })).toThrow("PIAA_COMBINER_DRAIN_TIMEOUT_MS");
  });
});
