/** Service environment variables (environmentVariables.ts): ranges, levels and the bucket, each refusal naming the variable. */
import { describe, expect, it } from "vitest";
import { integerVariable, logLevelVariable, openBucketVariable } from "../../../runtime/core/environmentVariables.js";
import { UsageError } from "../../../runtime/core/errors.js";

describe("integerVariable", () => {
  it("is undefined when unset or empty", () => {
    expect(integerVariable({}, "PORT", 0, 10)).toBeUndefined();
    expect(integerVariable({ PORT: "" }, "PORT", 0, 10)).toBeUndefined();
  });

  it.each([["3", 3], ["1", 1], ["5", 5], [" 4 ", 4]])("accepts %j within [1, 5]", (raw, value) => {
    expect(integerVariable({ N: raw }, "N", 1, 5)).toBe(value);
  });

  it.each(["0", "6", "-1", "2.5", "1e1", "x", "9007199254740993"])("refuses %j, naming the variable and the range", (raw) => {
    const read = () => integerVariable({ N: raw }, "N", 1, 5);
    expect(read).toThrow(UsageError);
    expect(read).toThrow(`N must be an integer from 1 to 5 (got ${JSON.stringify(raw)})`);
  });

  it.each(["1e1", "-0", "+5", "0x10", "5 5"])("refuses %j even where its number is within the range", (raw) => {
    expect(() => integerVariable({ N: raw }, "N", 0, 100)).toThrow(`N must be an integer from 0 to 100 (got ${JSON.stringify(raw)})`);
  });

  it("refuses an integer past 2^53 even within a wider range", () => {
    expect(() => integerVariable({ N: "9007199254740993" }, "N", 0, Number.MAX_VALUE)).toThrow(/N must be an integer/);
    expect(integerVariable({ N: "9007199254740991" }, "N", 0, Number.MAX_VALUE)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe("logLevelVariable", () => {
  it("defaults to info when unset or empty", () => {
    expect(logLevelVariable({})).toBe("info");
    expect(logLevelVariable({ LOG_LEVEL: "" })).toBe("info");
  });

  it.each(["fatal", "error", "warn", "info", "debug", "trace", "silent"])("accepts the pino level %s", (level) => {
    expect(logLevelVariable({ LOG_LEVEL: level })).toBe(level);
  });

  it("refuses another word, listing the levels", () => {
    expect(() => logLevelVariable({ LOG_LEVEL: "verbose" })).toThrow(
      new UsageError('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose")'),
    );
  });
});

describe("openBucketVariable", () => {
  it("opens a gs:// or directory bucket", () => {
    expect(openBucketVariable("gs://piaa-test").url).toBe("gs://piaa-test");
    expect(openBucketVariable("file:///tmp/piaa-bucket").url).toBe("file:///tmp/piaa-bucket");
  });

  it("reports a file:// URL of another host as a usage error naming PIAA_BUCKET", () => {
    expect(() => openBucketVariable("file://host/dir")).toThrow(UsageError);
    expect(() => openBucketVariable("file://host/dir")).toThrow(/^PIAA_BUCKET: invalid request: bucket: "file:\/\/host\/dir" is not a file:\/\/ URL/);
  });

  it("reports a bad URL as a usage error naming PIAA_BUCKET", () => {
    const open = () => openBucketVariable("gs://A");
    expect(open).toThrow(UsageError);
    expect(open).toThrow(/^PIAA_BUCKET: invalid request: bucket: "gs:\/\/A" is not a valid gs:\/\/ bucket URL$/);
  });
});
