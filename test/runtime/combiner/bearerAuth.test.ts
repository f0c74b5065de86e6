/**
 * requireBearer, the combiner's check of the secret it shares with the proxy (design §7), called
 * as express calls it: the request passes with no argument to next(), or next() gets the 401.
 */
import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { requireBearer } from "../../../runtime/combiner/bearerAuth.js";
import { UnauthorizedError } from "../../../runtime/core/errors.js";

const TOKEN = "0123456789abcdef-token";

/** What the middleware hands next() for a request with this Authorization header (undefined: passed). */
function verdict(authorization: string | undefined): unknown {
  let passed: unknown = "next() not called";
  const req = { headers: authorization === undefined ? {} : { authorization } } as Request;
  requireBearer(TOKEN)(req, {} as Response, (error?: unknown) => {
    passed = error;
  });
  return passed;
}

describe("requireBearer", () => {
  it.each([`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER  ${TOKEN} `, `Bearer\t${TOKEN}`])("passes %j", (header) => {
    expect(verdict(header)).toBeUndefined();
  });

  it.each([
    [undefined, "unauthorized: missing Authorization: Bearer header"],
    ["", "unauthorized: the Authorization header is not a Bearer token"],
    ["Bearer", "unauthorized: the Authorization header is not a Bearer token"],
    [`Bearer ${TOKEN} extra`, "unauthorized: the Authorization header is not a Bearer token"],
    [`Token ${TOKEN}`, "unauthorized: the Authorization header is not a Bearer token"],
    [`xBearer ${TOKEN}`, "unauthorized: the Authorization header is not a Bearer token"],
    [`Bearer ${TOKEN}x`, "unauthorized: the bearer token is not valid"],
    [`Bearer ${TOKEN.slice(0, -1)}`, "unauthorized: the bearer token is not valid"],
  ])("refuses %j with a 401 naming the Authorization header", (header, message) => {
    const error = verdict(header);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).toMatchObject({ objectName: "authorization", message });
  });

  it("refuses to be built with an empty secret, which every blank bearer would match", () => {
    expect(() => requireBearer("")).toThrow("requireBearer: the token must not be empty");
  });
});
