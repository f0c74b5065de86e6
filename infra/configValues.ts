/**
 * Parsers for single config values. Pulumi hands every config value over as a string; each parser
 * turns one into a typed value or throws `InfraConfigError` naming the key, the value and what
 * would be accepted, so `pulumi preview` and `piaa plan` stop with a message a user can act on.
 */
import { PiaaError } from "../runtime/core/errors.js";

/** A config value (or combination of values) outside what the program accepts. */
export class InfraConfigError extends PiaaError {
  /** The full config key, e.g. `combiner:replicas`. */
  readonly key: string;

  constructor(key: string, message: string) {
    super(key, message);
    this.key = key;
  }
}

/** The error for `key` set to `value` (undefined: not set) when only `allowed` would do. */
export function invalidConfig(key: string, value: string | undefined, allowed: string): InfraConfigError {
  const shown = value === undefined ? "(not set)" : JSON.stringify(value);
  return new InfraConfigError(key, `config ${key} = ${shown} is invalid: ${allowed}`);
}

/** An integer from `min` to `max` inclusive, written in decimal digits. */
export function integerValue(key: string, value: string, min: number, max: number): number {
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw invalidConfig(key, value, `must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** `true` or `false` (as `pulumi config set` writes them). */
export function booleanValue(key: string, value: string): boolean {
  const normalised = value.trim().toLowerCase();
  if (normalised === "true") return true;
  if (normalised === "false") return false;
  throw invalidConfig(key, value, "must be true or false");
}

/** One of a fixed set of words. */
export function choiceValue<T extends string>(key: string, value: string, choices: readonly T[]): T {
  const found = choices.find((choice) => choice === value.trim());
  if (found === undefined) throw invalidConfig(key, value, `must be one of ${choices.join(", ")}`);
  return found;
}

/** A string matching `pattern`; `described` says in words what the pattern accepts. */
export function patternValue(key: string, value: string, pattern: RegExp, described: string): string {
  const trimmed = value.trim();
  if (!pattern.test(trimmed)) throw invalidConfig(key, value, `must be ${described}`);
  return trimmed;
}

/** Google Cloud project id: 6–30 characters, lowercase letters, digits, hyphens, starting with a letter. */
export const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** A Compute Engine region such as us-central1 or europe-west4. */
export const REGION = /^[a-z]+-[a-z]+[0-9]+$/;
/**
 * A Compute Engine machine type: predefined (`e2-small`, `e2-standard-4`, `n2d-highmem-8`,
 * `c3-standard-4-lssd`) or custom (`custom-4-16384`, `n2-custom-2-8192-ext`).
 */
export const MACHINE_TYPE =
  /^(?:[a-z][a-z0-9]*-(?:micro|small|medium|standard|highmem|highcpu|megamem|ultramem|hypermem)(?:-[0-9]+)?(?:-lssd)?|(?:[a-z][a-z0-9]*-)?custom-[0-9]+-[0-9]+(?:-ext)?)$/;
/** Cloud Storage bucket name (no dots, so it can't be mistaken for a domain that needs verification). */
export const BUCKET_NAME = /^(?!goog)[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;
/** A DNS host name such as my-project.appspot.com. */
export const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
/** An App Engine service id. */
export const SERVICE_ID = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** An IPv4 CIDR block such as 203.0.113.0/24. */
export const CIDR_BLOCK = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)\/(?:3[0-2]|[12]?\d)$/;
/** An IAM principal that names someone: user:, group:, serviceAccount: or domain: (never allUsers). */
export const IAM_PRINCIPAL = /^(?:user|group|serviceAccount):[^@\s,]+@[^@\s,]+$|^domain:[a-z0-9.-]+$/;
