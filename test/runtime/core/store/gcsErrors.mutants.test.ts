/**
 * The text and shape of the store errors made from what @google-cloud/storage throws (issue 20,
 * mutation testing): a StoreUnavailableError's reason is what an operator reads in the logs and
 * what a CLI user sees, so it says the status or the network code; the original stays as `cause`.
 */
import { ApiError } from "@google-cloud/storage";
import { describe, expect, it } from "vitest";
import { PreconditionFailedError, StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { gcsStatusOf, isRetryableGcsError, toStoreError } from "../../../../runtime/core/store/gcsErrors.js";

const NAME = "LC/a.json";
const apiError = (code: number, message = `HTTP ${code}`) => Object.assign(new ApiError(message), { code });

describe("toStoreError's reasons", () => {
  it.each<[string, unknown, string]>([
    ["an answer", apiError(503, "Backend Error"), "GCS answered 503: Backend Error"],
    ["a network error", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "ECONNRESET: socket hang up"],
    ["an Error without a code", new Error("something odd"), "something odd"],
    ["a thrown string", "plain text", "plain text"],
    ["a thrown null", null, "null"],
  ])("describes %s", (_what, error, reason) => {
    const mapped = toStoreError(error, NAME);
    expect(mapped).toBeInstanceOf(StoreUnavailableError);
    expect(mapped.message).toBe(`object store unavailable for ${NAME}: ${reason}`);
    expect(mapped.cause).toBe(error);
  });

  it("says the expected generation is unknown when a 412 comes without one", () => {
    const mapped = toStoreError(apiError(412), NAME) as PreconditionFailedError;
    expect(mapped).toBeInstanceOf(PreconditionFailedError);
    expect(mapped.expectedGeneration).toBe("(unknown)");
  });
});

describe("gcsStatusOf", () => {
  it.each<[unknown, number | undefined]>([
    [apiError(429), 429],
    [Object.assign(new Error("reset"), { code: "ECONNRESET" }), undefined],
    [null, undefined],
    [undefined, undefined],
    [new Error("no code"), undefined],
  ])("reads the status of %s as %s", (error, status) => {
    expect(gcsStatusOf(error)).toBe(status);
  });
});

describe("isRetryableGcsError beyond the library's list", () => {
  it.each<[unknown, boolean]>([
    // A network code outside both lists, and a numeric code the library does not retry.
    [Object.assign(new Error("bad cert"), { code: "CERT_HAS_EXPIRED" }), false],
    // Another node-fetch error type than the request timeout.
    [Object.assign(new Error("body too big"), { type: "max-size" }), false],
    [Object.assign(new Error("network timeout"), { type: "request-timeout", code: 0 }), true],
  ])("%s → %s", (error, retryable) => {
    expect(isRetryableGcsError(error as ApiError)).toBe(retryable);
  });
});
