/** Refusing a request before its body is read (requestIntake.ts). */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { PayloadTooLargeError } from "../../../runtime/core/errors.js";
import { closeIfBodyUnread, refuseDeclaredOversize } from "../../../runtime/core/requestIntake.js";

describe("refuseDeclaredOversize", () => {
  const outcome = (contentLength: string | undefined): unknown => {
    let passed: unknown = "not called";
    const headers = contentLength === undefined ? {} : { "content-length": contentLength };
    refuseDeclaredOversize(100)({ headers } as Request, {} as Response, ((error?: unknown) => (passed = error)) as NextFunction);
    return passed;
  };

  it("passes a body declared at or under the limit, or not declared", () => {
    expect(outcome("100")).toBeUndefined();
    expect(outcome("0")).toBeUndefined();
    expect(outcome(undefined)).toBeUndefined();
    expect(outcome("garbage")).toBeUndefined();
  });

  it("refuses one declared over the limit with a 413 error naming the sizes", () => {
    const error = outcome("101");
    expect(error).toBeInstanceOf(PayloadTooLargeError);
    expect((error as Error).message).toBe("request body of 101 bytes is larger than the 100 bytes accepted");
  });
});

describe("closeIfBodyUnread", () => {
  const connectionHeader = (req: Partial<IncomingMessage>, headersSent = false): string | undefined => {
    const set: Record<string, string> = {};
    const res = { headersSent, setHeader: (name: string, value: string) => void (set[name] = value) };
    closeIfBodyUnread({ complete: false, headers: {}, ...req } as IncomingMessage, res as unknown as ServerResponse);
    return set.Connection;
  };

  it("closes when a declared body has not arrived in full", () => {
    expect(connectionHeader({ headers: { "content-length": "5000" } })).toBe("close");
    expect(connectionHeader({ headers: { "transfer-encoding": "chunked" } })).toBe("close");
  });

  it("keeps the connection when the body was read, is empty or absent, or the answer has started", () => {
    expect(connectionHeader({ complete: true, headers: { "content-length": "5000" } })).toBeUndefined();
    expect(connectionHeader({ headers: { "content-length": "0" } })).toBeUndefined();
    expect(connectionHeader({ headers: {} })).toBeUndefined();
    expect(connectionHeader({ headers: { "content-length": "5000" } }, true)).toBeUndefined();
  });
});
