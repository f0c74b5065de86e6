/** A logger whose JSON lines the test reads back, one parsed record per line. */
import { Writable } from "node:stream";
import type { Logger } from "pino";
import { createLogger } from "../../../runtime/core/logging.js";

export type LogRecord = Record<string, unknown> & { message?: string };

export function recordedLogger(service: string, level: string): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) records.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return { logger: createLogger({ service, level, destination }), records };
}
