/** The typed errors' messages (errors.ts): each names the object it is about, as logs and HTTP answers show it. */
import { describe, expect, it } from "vitest";
import {
  BucketUnavailableError,
  DependencyUnavailableError,
  FindingError,
  ForbiddenError,
  InvalidBucketError,
  InvalidDocumentError,
  InvalidObjectNameError,
  InvalidRequestError,
  InvalidSegmentError,
  NotFoundError,
  OutputPathError,
  OverloadedError,
  PayloadTooLargeError,
  PiaaError,
  PreconditionFailedError,
  StarNotFoundError,
  StoreUnavailableError,
  UnauthorizedError,
  UsageError,
} from "../../../runtime/core/errors.js";

const SEGMENT = "LC/PIC_J0326137+295015/PAN001/108715/2016-07-02T09:18:28.837000.json";

describe("InvalidSegmentError", () => {
  it.each<[string, ConstructorParameters<typeof InvalidSegmentError>[1], string]>([
    ["point and field", { pointIndex: 3, field: "flux", reason: "is NaN" }, 'point 3, field "flux": is NaN'],
    ["point 0 only", { pointIndex: 0, reason: "is out of order" }, "point 0: is out of order"],
    ["field only", { field: "pic", reason: "does not match the name" }, 'field "pic": does not match the name'],
    ["the whole document", { reason: "not valid JSON" }, "not valid JSON"],
  ])("locates the fault: %s", (_, fault, where) => {
    const error = new InvalidSegmentError(SEGMENT, fault);
    expect(error.message).toBe(`invalid segment ${SEGMENT}: ${where}`);
    expect(error.fault).toBe(fault);
    expect(error.objectName).toBe(SEGMENT);
    expect(error.name).toBe("InvalidSegmentError");
  });
});

describe("PreconditionFailedError", () => {
  it("says 'object exists' for the create-only precondition", () => {
    const error = new PreconditionFailedError("MLC/x.json", "0");
    expect(error.message).toBe("precondition failed for MLC/x.json: generation is not 0 (object exists)");
    expect(error.expectedGeneration).toBe("0");
  });

  it("names the expected generation otherwise", () => {
    expect(new PreconditionFailedError("MLC/x.json", "17").message).toBe("precondition failed for MLC/x.json: generation is not 17");
  });
});

describe("every domain error", () => {
  const cause = new Error("root cause");
  // Built inside each test: an error made while the test file loads would escape the mutant under test.
  it.each<[() => PiaaError, string, string]>([
    [() => new InvalidObjectNameError("a/../b", "has .."), "a/../b", 'invalid object name "a/../b": has ..'],
    [() => new InvalidDocumentError("MLC/x.json", "pic: required"), "MLC/x.json", "invalid document MLC/x.json: pic: required"],
    [() => new InvalidRequestError("body.name", "missing"), "body.name", "invalid request: body.name: missing"],
    [() => new NotFoundError("MLC/x.json"), "MLC/x.json", "object not found: MLC/x.json"],
    [() => new StoreUnavailableError("MLC/x.json", "503", { cause }), "MLC/x.json", "object store unavailable for MLC/x.json: 503"],
    [() => new UnauthorizedError("push", "bad token"), "push", "unauthorized: bad token"],
    [() => new ForbiddenError("push", "wrong account"), "push", "forbidden: wrong account"],
    [() => new OverloadedError("segments", "queue full", 5), "segments", "overloaded: queue full"],
    [() => new PayloadTooLargeError("body", 10, 5), "body", "request body of 10 bytes is larger than the 5 bytes accepted"],
    [() => new DependencyUnavailableError("google certs", "timeout", 7, { cause }), "google certs", "google certs unavailable: timeout"],
    [() => new InvalidBucketError("/etc", "is a file", { cause }), "/etc", "bucket /etc: is a file"],
    [() => new BucketUnavailableError("/nope", "missing", { cause }), "/nope", "bucket /nope: missing"],
    [() => new OutputPathError("/x", "denied", { cause }), "/x", "cannot write /x: denied"],
    [() => new StarNotFoundError("PIC_J0326137+295015", "no star"), "PIC_J0326137+295015", "no star"],
    [() => new FindingError("prod", "1 violation"), "prod", "1 violation"],
  ])("error %# names %j", (make, objectName, message) => {
    const error = make();
    expect(error).toBeInstanceOf(PiaaError);
    expect(error.objectName).toBe(objectName);
    expect(error.message).toBe(message);
    expect(error.name).toBe(error.constructor.name);
  });

  it("keeps the cause where one is given, and the retry delay of overload and dependency errors", () => {
    expect(new StoreUnavailableError("o", "r", { cause }).cause).toBe(cause);
    expect(new DependencyUnavailableError("d", "r", 7, { cause }).cause).toBe(cause);
    expect(new InvalidBucketError("b", "r", { cause }).cause).toBe(cause);
    expect(new BucketUnavailableError("b", "r", { cause }).cause).toBe(cause);
    expect(new OutputPathError("p", "r", { cause }).cause).toBe(cause);
    expect(new DependencyUnavailableError("d", "r", 7).retryAfterS).toBe(7);
    expect(new OverloadedError("s", "r", 5).retryAfterS).toBe(5);
  });

  it("UsageError is not a domain error and is named so", () => {
    const error = new UsageError("--x is bad");
    expect(error).not.toBeInstanceOf(PiaaError);
    expect(error.name).toBe("UsageError");
  });
});
