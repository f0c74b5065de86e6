/**
 * Typed errors of the PIAA domain. Each carries the object (or request field) it is about, so
 * a log line or an HTTP answer can always say *which* thing was wrong. The mapping to HTTP
 * status codes lives in one place: `httpErrors.ts`; to `piaa` exit statuses: `exitStatus.ts`.
 */

/** Bad command-line input (an option, an argument, an environment variable); exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

export abstract class PiaaError extends Error {
  /** The object name (or request field) the error is about. */
  readonly objectName: string;

  constructor(objectName: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.objectName = objectName;
  }
}

/** A name that is not a valid PIAA object name (or is unsafe: `..`, absolute, control characters). */
export class InvalidObjectNameError extends PiaaError {
  constructor(objectName: string, reason: string) {
    super(objectName, `invalid object name ${JSON.stringify(objectName)}: ${reason}`);
  }
}

/** Where in a segment validation failed; `pointIndex` is absent for whole-document faults. */
export interface SegmentFault {
  pointIndex?: number;
  field?: string;
  reason: string;
}

/** A light-curve segment that cannot be merged: bad JSON, bad field, time outside its night. */
export class InvalidSegmentError extends PiaaError {
  readonly fault: SegmentFault;

  constructor(objectName: string, fault: SegmentFault) {
    const where = [
      fault.pointIndex === undefined ? undefined : `point ${fault.pointIndex}`,
      fault.field === undefined ? undefined : `field "${fault.field}"`,
    ]
      .filter((part) => part !== undefined)
      .join(", ");
    super(objectName, `invalid segment ${objectName}: ${where ? `${where}: ` : ""}${fault.reason}`);
    this.fault = fault;
  }
}

/** A stored document (MLC, analysis) that does not match its schema. */
export class InvalidDocumentError extends PiaaError {
  constructor(objectName: string, reason: string) {
    super(objectName, `invalid document ${objectName}: ${reason}`);
  }
}

/** A request whose body or parameters are wrong (not about a stored object's contents). */
export class InvalidRequestError extends PiaaError {
  constructor(field: string, reason: string) {
    super(field, `invalid request: ${field}: ${reason}`);
  }
}

export class NotFoundError extends PiaaError {
  constructor(objectName: string) {
    super(objectName, `object not found: ${objectName}`);
  }
}

/** A conditional write or delete whose `ifGenerationMatch` did not hold. */
export class PreconditionFailedError extends PiaaError {
  readonly expectedGeneration: string;

  constructor(objectName: string, expectedGeneration: string) {
    super(
      objectName,
      `precondition failed for ${objectName}: generation is not ${expectedGeneration === "0" ? "0 (object exists)" : expectedGeneration}`,
    );
    this.expectedGeneration = expectedGeneration;
  }
}

/** The store could not be reached or failed; the operation may succeed if retried later. */
export class StoreUnavailableError extends PiaaError {
  constructor(objectName: string, reason: string, options?: { cause?: unknown }) {
    super(objectName, `object store unavailable for ${objectName}: ${reason}`, options);
  }
}

/** A request without valid credentials. */
export class UnauthorizedError extends PiaaError {
  constructor(subject: string, reason: string) {
    super(subject, `unauthorized: ${reason}`);
  }
}

/** Credentials were valid but do not grant this request. */
export class ForbiddenError extends PiaaError {
  constructor(subject: string, reason: string) {
    super(subject, `forbidden: ${reason}`);
  }
}

/** The service is at capacity (bounded queue full, draining); retry after `retryAfterS`. */
export class OverloadedError extends PiaaError {
  readonly retryAfterS: number;

  constructor(subject: string, reason: string, retryAfterS: number) {
    super(subject, `overloaded: ${reason}`);
    this.retryAfterS = retryAfterS;
  }
}

/** A request whose declared body is larger than the route accepts. */
export class PayloadTooLargeError extends PiaaError {
  constructor(field: string, declaredBytes: number, limitBytes: number) {
    super(field, `request ${field} of ${declaredBytes} bytes is larger than the ${limitBytes} bytes accepted`);
  }
}

/** A service this one depends on (a signing-key endpoint) cannot be reached; retry after `retryAfterS`. */
export class DependencyUnavailableError extends PiaaError {
  readonly retryAfterS: number;

  constructor(dependency: string, reason: string, retryAfterS: number, options?: { cause?: unknown }) {
    super(dependency, `${dependency} unavailable: ${reason}`, options);
    this.retryAfterS = retryAfterS;
  }
}

/** A bucket a command cannot use as given: a file, an invalid URL, a directory it may not write. */
export class InvalidBucketError extends PiaaError {
  constructor(bucket: string, reason: string, options?: { cause?: unknown }) {
    super(bucket, `bucket ${bucket}: ${reason}`, options);
  }
}

/** A bucket that is not there (or cannot be reached) when the command needs its data. */
export class BucketUnavailableError extends PiaaError {
  constructor(bucket: string, reason: string, options?: { cause?: unknown }) {
    super(bucket, `bucket ${bucket}: ${reason}`, options);
  }
}

/** A file or directory a command was told to write (`--out`) that cannot be written. */
export class OutputPathError extends PiaaError {
  constructor(outputPath: string, reason: string, options?: { cause?: unknown }) {
    super(outputPath, `cannot write ${outputPath}: ${reason}`, options);
  }
}

/** A star the bucket holds nothing of (or no MLC of yet); the message says what to run next. */
export class StarNotFoundError extends PiaaError {
  constructor(pic: string, message: string) {
    super(pic, message);
  }
}

/**
 * A finding the user asked a command to look for (a mandatory policy violation, a segment
 * reconcile could not fix), thrown after the command's report is printed; exit status 1.
 */
export class FindingError extends PiaaError {
  constructor(subject: string, message: string) {
    super(subject, message);
  }
}
