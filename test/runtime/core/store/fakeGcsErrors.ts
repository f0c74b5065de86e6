/**
 * How the fake GCS server fails a call: the status and the error body documented at
 * https://cloud.google.com/storage/docs/json_api/v1/status-codes
 */

/** Reasons per status, from the page above. */
const REASONS: Record<number, [reason: string, message: string]> = {
  400: ["invalid", "Invalid argument."],
  404: ["notFound", "Not Found"],
  408: ["requestTimeout", "Request Timeout"],
  412: ["conditionNotMet", "Precondition Failed"],
  429: ["rateLimitExceeded", "The object exceeded the rate limit for object mutation operations (create, update, and delete)."],
  500: ["internalError", "Internal Error"],
  502: ["badGateway", "Bad Gateway"],
  503: ["backendError", "Backend Error"],
  504: ["gatewayTimeout", "Gateway Timeout"],
};

/** A failed call: answered with the status and the documented error body. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message?: string,
  ) {
    super(message ?? REASONS[status]?.[1] ?? `HTTP ${status}`);
  }
}

export interface ErrorBody {
  error: { code: number; message: string; errors: { domain: string; reason: string; message: string }[] };
}

export function errorBody(failure: HttpFailure): ErrorBody {
  const [reason] = REASONS[failure.status] ?? ["unknown"];
  const { status, message } = failure;
  return { error: { code: status, message, errors: [{ domain: "global", reason, message }] } };
}
