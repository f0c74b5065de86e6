/**
 * The edges of IAP's signed-header check (iapAssertion.ts,
 * https://cloud.google.com/iap/docs/signed-headers-howto): the clock-skew bounds of exp and iat,
 * malformed parts, missing claims, and the Express guard. Keys are P-256 pairs made here; the key
 * source is the function the cache would be.
 */
import { generateKeyPairSync, sign } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { ForbiddenError, UnauthorizedError } from "../../../runtime/core/errors.js";
import { iapGuard, IAP_ASSERTION_HEADER, verifyIapAssertion } from "../../../runtime/proxy/iapAssertion.js";

const AUDIENCE = "/projects/123456789012/apps/piaa-test";
const NOW = 1_780_000_000;
const SKEW_S = 30; // iapAssertion.ts CLOCK_SKEW_S
const key = generateKeyPairSync("ec", { namedCurve: "P-256" });
const keys = () => Promise.resolve({ "key-1": key.publicKey.export({ type: "spki", format: "pem" }) as string });
const encode = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

function signed(headerPart: string, payloadPart: string): string {
  const signature = sign("sha256", Buffer.from(`${headerPart}.${payloadPart}`), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${headerPart}.${payloadPart}.${signature.toString("base64url")}`;
}
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: "https://cloud.google.com/iap",
  aud: AUDIENCE,
  email: "ana@example.org",
  sub: "accounts.google.com:42",
  iat: NOW - 10,
  exp: NOW + 590,
  ...overrides,
});
const assertion = (overrides: Record<string, unknown> = {}, header: unknown = { alg: "ES256", kid: "key-1" }) => signed(encode(header), encode(claims(overrides)));
const verify = (value: string | undefined, now = NOW) => verifyIapAssertion(value, { audience: AUDIENCE, keys, now: () => now });
const refusal = (value: string | undefined, now = NOW): Promise<Error> => verify(value, now).then(
  () => {
    throw new Error("expected a refusal");
  },
  (error: Error) => error,
);

describe("verifyIapAssertion: clock skew", () => {
  it("accepts an assertion up to 30 s past its expiry, and not at 30 s", async () => {
    await expect(verify(assertion({ exp: NOW - SKEW_S + 1 }))).resolves.toMatchObject({ email: "ana@example.org" });
    const error = await refusal(assertion({ exp: NOW - SKEW_S }));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe("unauthorized: IAP assertion has expired");
  });

  it("accepts an assertion issued up to 30 s in the future, and not 31 s", async () => {
    await expect(verify(assertion({ iat: NOW + SKEW_S }))).resolves.toMatchObject({ subject: "accounts.google.com:42" });
    expect((await refusal(assertion({ iat: NOW + SKEW_S + 1 }))).message).toBe("unauthorized: IAP assertion is issued in the future");
  });

  it("refuses an assertion without numeric exp or iat", async () => {
    expect((await refusal(assertion({ exp: String(NOW + 600) }))).message).toBe("unauthorized: IAP assertion has expired");
    expect((await refusal(assertion({ exp: undefined }))).message).toBe("unauthorized: IAP assertion has expired");
    expect((await refusal(assertion({ iat: String(NOW) }))).message).toBe("unauthorized: IAP assertion is issued in the future");
  });

  it("uses the wall clock when no clock is given", async () => {
    const nowS = Math.floor(Date.now() / 1000);
    const fresh = assertion({ iat: nowS - 5, exp: nowS + 600 });
    await expect(verifyIapAssertion(fresh, { audience: AUDIENCE, keys })).resolves.toMatchObject({ email: "ana@example.org" });
    await expect(verifyIapAssertion(assertion(), { audience: AUDIENCE, keys })).rejects.toThrow(/expired/);
  });
});

describe("verifyIapAssertion: malformed assertions", () => {
  it.each<[string, string, string]>([
    ["an empty header value", "", "unauthorized: no x-goog-iap-jwt-assertion header: the dashboard is served only through IAP"],
    ["four parts", `${assertion()}.x`, "unauthorized: IAP assertion is not a JWT"],
    ["a header that is not JSON", `${encode("{nope")}.${encode(claims())}.sig`, "unauthorized: IAP assertion header is not a JSON object"],
    ["a header that is an array", `${encode([1])}.${encode(claims())}.sig`, "unauthorized: IAP assertion header is not a JSON object"],
    ["a header that is null", `${encode("null")}.${encode(claims())}.sig`, "unauthorized: IAP assertion header is not a JSON object"],
    ["no algorithm", `${encode({ kid: "key-1" })}.${encode(claims())}.sig`, "unauthorized: IAP assertion algorithm undefined is not ES256"],
    ["no key id", `${encode({ alg: "ES256" })}.${encode(claims())}.sig`, "unauthorized: IAP assertion key null is not one of IAP's keys"],
    ["a numeric key id", `${encode({ alg: "ES256", kid: 1 })}.${encode(claims())}.sig`, "unauthorized: IAP assertion key 1 is not one of IAP's keys"],
  ])("refuses %s", async (_case, value, message) => {
    const error = await refusal(value);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toBe(message);
  });

  it("refuses a signed payload that is not a JSON object", async () => {
    for (const payload of ["[1]", "7", "{bad"]) {
      expect((await refusal(signed(encode({ alg: "ES256", kid: "key-1" }), encode(payload)))).message).toBe("unauthorized: IAP assertion payload is not a JSON object");
    }
  });

  it("names a missing issuer and a missing audience", async () => {
    expect((await refusal(assertion({ iss: undefined }))).message).toBe("unauthorized: IAP assertion issuer null is not https://cloud.google.com/iap");
    const error = await refusal(assertion({ aud: undefined }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe("forbidden: IAP assertion is for null, not this application");
  });

  it("refuses an assertion without the user's email or id", async () => {
    for (const missing of [{ email: undefined }, { sub: undefined }, { email: 7 }]) {
      expect((await refusal(assertion(missing))).message).toBe("unauthorized: IAP assertion names no user");
    }
  });

  it("reports a key source failing with a non-Error as its own failure", async () => {
    const failure = verifyIapAssertion(assertion(), { audience: AUDIENCE, keys: () => Promise.reject("down"), now: () => NOW });
    await expect(failure).rejects.toThrow("cannot fetch IAP public keys: down");
    await expect(failure).rejects.toHaveProperty("cause", "down");
  });
});

describe("iapGuard", () => {
  const run = async (value: string | undefined) => {
    const locals: Record<string, unknown> = {};
    const req = { header: (name: string) => (name === IAP_ASSERTION_HEADER ? value : undefined) } as unknown as Request;
    const passed = await new Promise<unknown[]>((resolve) => {
      void iapGuard({ audience: AUDIENCE, keys, now: () => NOW })(req, { locals } as unknown as Response, ((...args: unknown[]) => resolve(args)) as NextFunction);
    });
    return { locals, passed };
  };

  it("passes a valid request on with the user's identity", async () => {
    const { locals, passed } = await run(assertion());
    expect(passed).toEqual([]);
    expect(locals.iapIdentity).toEqual({ email: "ana@example.org", subject: "accounts.google.com:42" });
  });

  it("passes the refusal to the error handler", async () => {
    const { locals, passed } = await run(undefined);
    expect(passed).toHaveLength(1);
    expect(passed[0]).toBeInstanceOf(UnauthorizedError);
    expect(locals.iapIdentity).toBeUndefined();
  });
});
