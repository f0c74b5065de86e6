import { describe, expect, it } from "vitest";
import { readCombinerConfig, readSegmentLimits } from "../../../runtime/combiner/config.js";
import { DEFAULT_SEGMENT_LIMITS } from "../../../runtime/core/lightCurveSegment.js";
import { parseSegmentRequest } from "../../../runtime/combiner/segmentRequest.js";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { InvalidRequestError } from "../../../runtime/core/errors.js";

const TOKEN = "0123456789abcdef0123";

describe("readCombinerConfig", () => {
  it("applies defaults and reads tuning variables", () => {
    expect(readCombinerConfig({ PIAA_COMBINER_TOKEN: TOKEN })).toEqual({
      bucket: "./piaa-data",
      token: TOKEN,
      port: 8080,
      host: "0.0.0.0",
      logLevel: "info",
      limits: {},
      drainTimeoutMs: 25_000,
    });
    const config = readCombinerConfig({
      PIAA_COMBINER_TOKEN: TOKEN,
      PIAA_BUCKET: "gs://piaa-prod",
      PORT: "0",
      LOG_LEVEL: "debug",
      PIAA_COMBINER_WINDOW_MS: "1500",
      PIAA_COMBINER_MAX_PENDING: "50",
      PIAA_COMBINER_MAX_BODY_BYTES: "4096",
      PIAA_COMBINER_DRAIN_TIMEOUT_MS: "1000",
      PIAA_COMBINER_TAIL_POINTS: "500",
      PIAA_COMBINER_CACHE_POINTS: "0",
    });
    expect(config).toMatchObject({ bucket: "gs://piaa-prod", port: 0, logLevel: "debug", drainTimeoutMs: 1000 });
    expect(config.limits).toEqual({ windowMs: 1500, maxPending: 50, maxBodyBytes: 4096, tailPointLimit: 500, cachePoints: 0 });
  });

  it("reads the segment size limits, shared with combine and reconcile, and names a bad one", () => {
    expect(readSegmentLimits({})).toEqual(DEFAULT_SEGMENT_LIMITS);
    const env = { PIAA_COMBINER_TOKEN: "a-long-enough-token-123", PIAA_SEGMENT_MAX_POINTS: "500" };
    expect(readCombinerConfig(env).limits.segmentLimits).toEqual({ maxBytes: DEFAULT_SEGMENT_LIMITS.maxBytes, maxPoints: 500 });
    expect(() => readSegmentLimits({ PIAA_SEGMENT_MAX_BYTES: "10" })).toThrow(/PIAA_SEGMENT_MAX_BYTES must be an integer from 1024/);
  });

  it.each([
    [{}, /PIAA_COMBINER_TOKEN is required/],
    [{ PIAA_COMBINER_TOKEN: "short" }, /PIAA_COMBINER_TOKEN must be at least 16/],
    [{ PIAA_COMBINER_TOKEN: `${TOKEN} x` }, /PIAA_COMBINER_TOKEN .*without spaces/],
    [{ PIAA_COMBINER_TOKEN: TOKEN, PORT: "http" }, /PORT must be an integer from 0 to 65535 \(got "http"\)/],
    [{ PIAA_COMBINER_TOKEN: TOKEN, PORT: "70000" }, /PORT must be an integer/],
    [{ PIAA_COMBINER_TOKEN: TOKEN, LOG_LEVEL: "verbose" }, /LOG_LEVEL must be one of/],
    [{ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_WINDOW_MS: "-1" }, /PIAA_COMBINER_WINDOW_MS must be an integer/],
    [{ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_MAX_PENDING: "0" }, /PIAA_COMBINER_MAX_PENDING must be an integer from 1/],
    [{ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_MAX_BODY_BYTES: "1e6" }, /PIAA_COMBINER_MAX_BODY_BYTES/],
    [{ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_TAIL_POINTS: "0" }, /PIAA_COMBINER_TAIL_POINTS must be an integer from 1/],
    [{ PIAA_COMBINER_TOKEN: TOKEN, PIAA_COMBINER_CACHE_POINTS: "-5" }, /PIAA_COMBINER_CACHE_POINTS must be an integer from 0/],
  ])("rejects %o naming the variable", (env, message) => {
    expect(() => readCombinerConfig(env)).toThrow(UsageError);
    expect(() => readCombinerConfig(env)).toThrow(message);
  });
});

describe("parseSegmentRequest", () => {
  const object = "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json";
  const gcs = { url: "gs://piaa-prod", bucket: "piaa-prod" };
  const fs = { url: "file:///tmp/piaa", bucket: "piaa" };

  it("defaults the event type and keys the request by PIC", () => {
    expect(parseSegmentRequest({ bucket: "piaa-prod", object }, gcs)).toEqual({
      pic: "PIC_J0326137+295015",
      object,
      generation: undefined,
      eventType: "OBJECT_FINALIZE",
    });
  });

  it("requires the combiner's own bucket on GCS, and treats it as informational on a directory", () => {
    expect(() => parseSegmentRequest({ bucket: "someone-else", object }, gcs)).toThrow(InvalidRequestError);
    expect(() => parseSegmentRequest({ bucket: "someone-else", object }, gcs)).toThrow(/"someone-else" is not this combiner's bucket \(piaa-prod\)/);
    expect(parseSegmentRequest({ bucket: "someone-else", object, eventType: "OBJECT_DELETE", generation: "17" }, fs)).toMatchObject({
      eventType: "OBJECT_DELETE",
      generation: "17",
    });
  });
});
