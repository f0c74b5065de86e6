/**
 * Turns what @google-cloud/storage throws into PIAA's typed store errors. The library rejects
 * with an ApiError whose `code` is the HTTP status, or with a network error whose `code` is a
 * string (ECONNRESET, ECONNREFUSED, ETIMEDOUT...). Status codes are those of
 * https://cloud.google.com/storage/docs/json_api/v1/status-codes
 */
import { RETRYABLE_ERR_FN_DEFAULT, type ApiError } from "@google-cloud/storage";
import { NotFoundError, PiaaError, PreconditionFailedError, StoreUnavailableError } from "../errors.js";

/** Network failures after which the request may not have been answered, beyond the library's own list. */
const RETRYABLE_NETWORK_CODES = new Set(["ECONNREFUSED", "ETIMEDOUT"]);

/**
 * Whether a failed call may succeed if repeated: the library's predicate (408, 429, 5xx, reset
 * connections) plus request timeouts and refused connections, which it leaves out: a timed-out
 * upload is otherwise never retried. Only calls that are safe to repeat are ever retried.
 */
export function isRetryableGcsError(error: ApiError): boolean {
  if (RETRYABLE_ERR_FN_DEFAULT(error)) return true;
  const { code, type } = error as ApiError & { type?: unknown };
  return type === "request-timeout" || (typeof code === "string" && RETRYABLE_NETWORK_CODES.has(code));
}

/** The HTTP status of a failed GCS call, or undefined when no answer came (network error). */
export function gcsStatusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/**
 * 404 → NotFoundError; 412 → PreconditionFailedError (with the generation that was expected);
 * anything else — 5xx, 429, network errors, and 4xx that mean a misconfigured bucket or
 * credentials — → StoreUnavailableError, which services answer with 503 so the work is retried.
 */
export function toStoreError(error: unknown, objectName: string, expectedGeneration?: string): PiaaError {
  if (error instanceof PiaaError) return error;
  const status = gcsStatusOf(error);
  if (status === 404) return new NotFoundError(objectName);
  if (status === 412) return new PreconditionFailedError(objectName, expectedGeneration ?? "(unknown)");
  return new StoreUnavailableError(objectName, describe(error, status), { cause: error });
}

function describe(error: unknown, status: number | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  if (status !== undefined) return `GCS answered ${status}: ${message}`;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? `${code}: ${message}` : message;
}
