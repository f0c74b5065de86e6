/**
 * Every error type piaa throws, mapped to the exit status the README's "Exit status" scheme and
 * `piaa --help` promise (exitStatus.ts EXIT_STATUS_HELP), and the edges of "a system error".
 */
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import {
  DependencyUnavailableError,
  ForbiddenError,
  InvalidDocumentError,
  InvalidObjectNameError,
  InvalidRequestError,
  InvalidSegmentError,
  OverloadedError,
  PayloadTooLargeError,
  PreconditionFailedError,
  UnauthorizedError,
} from "../../../runtime/core/errors.js";
import { EXIT_STATUS, EXIT_STATUS_HELP, exitStatusOf, isSystemError } from "../../../runtime/core/exitStatus.js";

describe("exitStatusOf, the error types not met elsewhere", () => {
  it.each<[string, unknown, number]>([
    ["bad object name", new InvalidObjectNameError("LC/x", "not a PIC id"), 2],
    ["bad request field", new InvalidRequestError("units", "must be positive"), 2],
    ["bad segment", new InvalidSegmentError("LC/x.json", { reason: "not JSON" }), 2],
    ["unreadable stored document", new InvalidDocumentError("MLC/x.json", "not JSON"), 3],
    ["a concurrent writer won", new PreconditionFailedError("MLC/x.json", "17"), 3],
    ["store overloaded", new OverloadedError("MLC/x.json", "429", 2), 3],
    ["token refused", new UnauthorizedError("proxy", "expired"), 3],
    ["not allowed", new ForbiddenError("proxy", "no role"), 3],
    // Not one of the listed kinds: a domain error names a value the user gave.
    ["request too large", new PayloadTooLargeError("body", 10, 5), 2],
    ["dependency down", new DependencyUnavailableError("combiner", "refused", 1), 2],
    ["commander's own exit status 2 (missing argument)", new CommanderError(2, "commander.missingArgument", "error: missing argument"), 2],
    ["a string thrown", "boom", 70],
    ["undefined thrown", undefined, 70],
    ["an Error with a code but no syscall", Object.assign(new Error("x"), { code: "ERR_X" }), 70],
    ["an Error with a numeric code", Object.assign(new Error("x"), { code: 28, syscall: "write" }), 70],
    ["a plain object shaped like a system error", { code: "ENOSPC", syscall: "write" }, 70],
    ["a system error from connect", Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED", syscall: "connect" }), 3],
  ])("%s", (_, error, status) => {
    expect(exitStatusOf(error)).toBe(status);
  });

  it("takes a system error to be an Error with a string code and a string syscall", () => {
    expect(isSystemError(Object.assign(new Error("x"), { code: "EACCES", syscall: "open" }))).toBe(true);
    expect(isSystemError(Object.assign(new Error("x"), { code: "EACCES" }))).toBe(false);
    expect(isSystemError(Object.assign(new Error("x"), { syscall: "open" }))).toBe(false);
    expect(isSystemError(Object.assign(new Error("x"), { code: "EACCES", syscall: 3 }))).toBe(false);
  });
});

describe("EXIT_STATUS", () => {
  it("holds the statuses the help text promises", () => {
    expect(EXIT_STATUS).toEqual({ success: 0, finding: 1, usage: 2, environment: 3, internal: 70, interrupted: 130 });
    for (const status of Object.values(EXIT_STATUS)) expect(EXIT_STATUS_HELP).toMatch(new RegExp(`(^|[:;\\n] ?)${status} `));
  });
});
