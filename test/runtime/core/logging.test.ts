import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, traceIdFrom, withTrace } from "../../../runtime/core/logging.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  return { lines, destination };
}

describe("structured logging", () => {
  it("writes Cloud Logging severities, the message key and the trace id", () => {
    const { lines, destination } = capture();
    const logger = withTrace(createLogger({ service: "combiner", level: "info", destination }), "abc123");
    logger.warn({ object: "LC/x.json" }, "slow merge");
    logger.debug("not shown at info");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ severity: "WARNING", message: "slow merge", service: "combiner", traceId: "abc123", object: "LC/x.json" });
  });

  it("never writes bearer tokens", () => {
    const { lines, destination } = capture();
    createLogger({ service: "proxy", destination }).info({ headers: { authorization: "Bearer s3cret" }, token: "s3cret" }, "req");
    expect(JSON.stringify(lines)).not.toContain("s3cret");
  });

  it("takes the trace id from Cloud Trace headers, else makes one", () => {
    expect(traceIdFrom({ "x-cloud-trace-context": "105445aa7843bc8bf206b12000100000/1;o=1" })).toBe("105445aa7843bc8bf206b12000100000");
    expect(traceIdFrom({ "x-request-id": "req-7" })).toBe("req-7");
    expect(traceIdFrom({ "x-request-id": "<script>" })).toMatch(/^[0-9a-f-]{36}$/);
    expect(traceIdFrom({})).not.toBe(traceIdFrom({}));
  });
});
