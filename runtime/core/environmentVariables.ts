/**
 * Reading a service's environment (the combiner's and the analyzer's config.ts): integers in a
 * range, the log level, and the bucket, each refused with a message naming the variable.
 */
import { UsageError } from "./commandLine.js";
import { PiaaError } from "./errors.js";
import type { ObjectStore } from "./store/objectStore.js";
import { openObjectStore } from "./store/openObjectStore.js";

export type Env = Record<string, string | undefined>;

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/** The variable as an integer in [min, max]; undefined when unset or empty. */
export function integerVariable(env: Env, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** LOG_LEVEL, a pino level (default info). */
export function logLevelVariable(env: Env): string {
  const logLevel = env.LOG_LEVEL || "info";
  if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got ${JSON.stringify(logLevel)})`);
  return logLevel;
}

/** The store of PIAA_BUCKET's value, a bad one reported as a usage error naming the variable. */
export function openBucketVariable(bucket: string): ObjectStore {
  try {
    return openObjectStore(bucket);
  } catch (error) {
    if (error instanceof PiaaError) throw new UsageError(`PIAA_BUCKET: ${error.message}`);
    throw error;
  }
}
