/** Log lines as Cloud Logging reads them (logging.ts): every severity, the redacted fields, the trace id forms. */
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, traceIdFrom } from "../../../runtime/core/logging.js";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
  return { lines, destination };
}

describe("createLogger", () => {
  it("maps each pino level to its Cloud Logging severity, keeping the level name", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ service: "cli", level: "trace", destination });
    logger.trace("t");
    logger.debug("d");
    logger.info("i");
    logger.warn("w");
    logger.error("e");
    logger.fatal("f");
    expect(lines.map((line) => [line.level, line.severity, line.message])).toEqual([
      ["trace", "DEBUG", "t"],
      ["debug", "DEBUG", "d"],
      ["info", "INFO", "i"],
      ["warn", "WARNING", "w"],
      ["error", "ERROR", "e"],
      ["fatal", "CRITICAL", "f"],
    ]);
    expect(lines[0]!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(lines[0]!.service).toBe("cli");
  });

  it("takes its level from LOG_LEVEL when not given, else info", () => {
    const saved = process.env.LOG_LEVEL;
    try {
      process.env.LOG_LEVEL = "warn";
      expect(createLogger({ service: "x", destination: capture().destination }).level).toBe("warn");
      delete process.env.LOG_LEVEL;
      expect(createLogger({ service: "x", destination: capture().destination }).level).toBe("info");
      expect(createLogger({ service: "x", level: "error", destination: capture().destination }).level).toBe("error");
    } finally {
      if (saved === undefined) delete process.env.LOG_LEVEL;
      else process.env.LOG_LEVEL = saved;
    }
  });

  it("redacts authorization and token fields at the top level and one level down", () => {
    const { lines, destination } = capture();
    createLogger({ service: "proxy", destination }).info(
      { authorization: "Bearer a", token: "b", request: { authorization: "Bearer c", token: "d" }, headers: { authorization: "Bearer e" }, kept: "visible" },
      "req",
    );
    expect(lines[0]).toMatchObject({
      authorization: "[redacted]",
      token: "[redacted]",
      request: { authorization: "[redacted]", token: "[redacted]" },
      headers: { authorization: "[redacted]" },
      kept: "visible",
    });
  });
});

describe("traceIdFrom", () => {
  it("prefers the Cloud Trace header and takes the first of repeated headers", () => {
    expect(traceIdFrom({ "x-cloud-trace-context": "abc/1;o=1", "x-request-id": "req-7" })).toBe("abc");
    expect(traceIdFrom({ "x-request-id": ["first", "second"] })).toBe("first");
    expect(traceIdFrom({ "x-request-id": " spaced " })).toBe("spaced");
  });

  it("accepts up to 128 word characters and makes a new id past that or when empty", () => {
    expect(traceIdFrom({ "x-request-id": "a".repeat(128) })).toBe("a".repeat(128));
    expect(traceIdFrom({ "x-request-id": "a".repeat(129) })).toMatch(/^[0-9a-f-]{36}$/);
    expect(traceIdFrom({ "x-request-id": "" })).toMatch(/^[0-9a-f-]{36}$/);
    expect(traceIdFrom({ "x-cloud-trace-context": "/1" })).toMatch(/^[0-9a-f-]{36}$/);
    expect(traceIdFrom({ "x-request-id": "ok id" })).toMatch(/^[0-9a-f-]{36}$/);
  });
});
