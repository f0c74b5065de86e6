import { describe, expect, it } from "vitest";
import { ApiError } from "@google-cloud/storage";
import { InvalidObjectNameError, NotFoundError, PreconditionFailedError, StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { isRetryableGcsError, toStoreError } from "../../../../runtime/core/store/gcsErrors.js";

/** What the library rejects with: an ApiError carrying the HTTP status, or a network error carrying a string code. */
const apiError = (code: number) => Object.assign(new ApiError(`HTTP ${code}`), { code });
const networkError = (code: string, type?: string) => Object.assign(new Error(`network: ${code}`), { code, type });

describe("toStoreError", () => {
  it.each([
    [apiError(404), NotFoundError],
    [apiError(412), PreconditionFailedError],
    [apiError(503), StoreUnavailableError],
    [apiError(500), StoreUnavailableError],
    [apiError(429), StoreUnavailableError],
    [apiError(403), StoreUnavailableError],
    [networkError("ECONNRESET"), StoreUnavailableError],
    [new Error("no code at all"), StoreUnavailableError],
  ])("maps %s to %o, naming the object", (error, type) => {
    const mapped = toStoreError(error, "MLC/PIC_J0326137+295015.json", "17");
    expect(mapped).toBeInstanceOf(type);
    expect(mapped.objectName).toBe("MLC/PIC_J0326137+295015.json");
    expect(mapped.message).toContain("MLC/PIC_J0326137+295015.json");
  });

  it("says what went wrong: the status or the network error code, and the expected generation", () => {
    expect(toStoreError(apiError(503), "LC/a.json").message).toMatch(/GCS answered 503: HTTP 503/);
    expect(toStoreError(networkError("ECONNREFUSED"), "LC/a.json").message).toMatch(/ECONNREFUSED/);
    expect((toStoreError(apiError(412), "LC/a.json", "0") as PreconditionFailedError).expectedGeneration).toBe("0");
  });

  it("passes PIAA errors through unchanged", () => {
    const error = new InvalidObjectNameError("../x", "has a \"..\" path part");
    expect(toStoreError(error, "../x")).toBe(error);
  });
});

describe("isRetryableGcsError", () => {
  it.each([
    [apiError(408), true],
    [apiError(429), true],
    [apiError(500), true],
    [apiError(503), true],
    [networkError("ECONNRESET"), true],
    [networkError("ECONNREFUSED"), true],
    [networkError("ETIMEDOUT"), true],
    [Object.assign(new Error("network timeout at: http://127.0.0.1/x"), { type: "request-timeout" }), true],
    [apiError(400), false],
    [apiError(401), false],
    [apiError(403), false],
    [apiError(404), false],
    [apiError(412), false],
  ])("%s → %s", (error, retryable) => {
    expect(isRetryableGcsError(error as ApiError)).toBe(retryable);
  });
});
