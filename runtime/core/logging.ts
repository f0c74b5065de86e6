/**
 * Structured JSON logs (pino). Google Cloud Logging reads `severity` and `message` from JSON
 * lines, so levels are written as severities and the message key is `message`.
 */
import { randomUUID } from "node:crypto";
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger } from "pino";

const SEVERITY: Record<string, string> = {
  trace: "DEBUG",
  debug: "DEBUG",
  info: "INFO",
  warn: "WARNING",
  error: "ERROR",
  fatal: "CRITICAL",
};

export interface LoggerOptions {
  /** Service name written on every line (`proxy`, `combiner`, `cli`). */
  service: string;
  /** pino level; defaults to LOG_LEVEL, then `info`. */
  level?: string;
  /** Where lines go; defaults to stdout. */
  destination?: DestinationStream;
}

export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level: level ?? process.env.LOG_LEVEL ?? "info",
      messageKey: "message",
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ severity: SEVERITY[label] ?? "DEFAULT", level: label }),
      },
      redact: { paths: ["authorization", "*.authorization", "headers.authorization", "token", "*.token"], censor: "[redacted]" },
    },
    destination,
  );
}

/** A trace id from an incoming request (Cloud Trace header, or ours), or a new one. */
export function traceIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const header = headers["x-cloud-trace-context"] ?? headers["x-request-id"];
  const value = Array.isArray(header) ? header[0] : header;
  const id = value?.split("/")[0]?.trim();
  return id && /^[\w-]{1,128}$/.test(id) ? id : randomUUID();
}

/** A child logger whose every line carries the request's trace id. */
export function withTrace(logger: Logger, traceId: string): Logger {
  return logger.child({ traceId });
}
