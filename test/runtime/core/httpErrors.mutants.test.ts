/** The one map from errors to HTTP answers (httpErrors.ts): every status, the body of each kind, what is logged at which level. */
import { Writable } from "node:stream";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import {
  DependencyUnavailableError,
  ForbiddenError,
  InvalidDocumentError,
  InvalidRequestError,
  OverloadedError,
  PayloadTooLargeError,
  StoreUnavailableError,
} from "../../../runtime/core/errors.js";
import { httpErrorBody, httpStatusOf, jsonErrorHandler } from "../../../runtime/core/httpErrors.js";
import { createLogger } from "../../../runtime/core/logging.js";

describe("httpStatusOf, the less common errors", () => {
  it.each<[unknown, number]>([
    [new InvalidRequestError("body", "bad"), 400],
    [new ForbiddenError("push", "other account"), 403],
    [new PayloadTooLargeError("body", 10, 5), 413],
    [new DependencyUnavailableError("certs", "down", 1), 503],
    [new InvalidDocumentError("MLC/x.json", "bad"), 500],
  ])("maps %s to %i", (error, status) => {
    expect(httpStatusOf(error)).toBe(status);
  });

  it("keeps a status in 400–599 that an error carries as status or statusCode, and nothing else", () => {
    const carrying = (fields: object) => Object.assign(new Error("x"), fields);
    expect(httpStatusOf(carrying({ status: 400 }))).toBe(400);
    expect(httpStatusOf(carrying({ status: 599 }))).toBe(599);
    expect(httpStatusOf(carrying({ statusCode: 429 }))).toBe(429);
    expect(httpStatusOf(carrying({ status: 399 }))).toBe(500);
    expect(httpStatusOf(carrying({ status: 600 }))).toBe(500);
    expect(httpStatusOf(carrying({ status: "404" }))).toBe(500);
    expect(httpStatusOf({ status: 404 })).toBe(404);
    expect(httpStatusOf(null)).toBe(500);
    expect(httpStatusOf("boom")).toBe(500);
  });
});

describe("httpErrorBody", () => {
  it("describes a client error that is not PIAA's by its type, or as BadRequest", () => {
    expect(httpErrorBody(Object.assign(new Error("bad json"), { status: 400, type: "entity.parse.failed" }))).toEqual({ error: "entity.parse.failed", message: "bad json" });
    expect(httpErrorBody(Object.assign(new Error("gone"), { status: 410 }))).toEqual({ error: "BadRequest", message: "gone" });
  });

  it("hides a server error or a thrown non-Error", () => {
    expect(httpErrorBody(Object.assign(new Error("detail"), { status: 502 }))).toEqual({ error: "InternalError", message: "internal error" });
    expect(httpErrorBody({ status: 400, message: "not an Error" })).toEqual({ error: "InternalError", message: "internal error" });
  });
});

describe("jsonErrorHandler", () => {
  function answer(error: unknown) {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) });
    const app = express();
    app.get("/", () => {
      throw error;
    });
    app.use(jsonErrorHandler(createLogger({ service: "test", level: "debug", destination: sink })));
    return { response: request(app).get("/"), lines };
  }

  it("logs an unavailable dependency at debug only, with Retry-After rounded up", async () => {
    const { response, lines } = answer(new DependencyUnavailableError("certs", "down", 1.2));
    const res = await response;
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("2");
    expect(lines.map((line) => [line.severity, line.message, line.status])).toEqual([["DEBUG", "request failed", 503]]);
  });

  it("logs an unavailable store or an overload as a warning, not as an unexpected error", async () => {
    for (const error of [new StoreUnavailableError("MLC/x.json", "EIO"), new OverloadedError("queue", "full", 3)]) {
      const { response, lines } = answer(error);
      expect((await response).status).toBe(503);
      expect(lines.map((line) => [line.severity, line.message, line.error])).toEqual([["WARNING", "request failed", error.message]]);
    }
  });

  it("logs a caller's error as a warning, without Retry-After", async () => {
    const { response, lines } = answer(new InvalidRequestError("body", "bad"));
    const res = await response;
    expect(res.status).toBe(400);
    expect(res.headers["retry-after"]).toBeUndefined();
    expect(lines).toEqual([expect.objectContaining({ severity: "WARNING", status: 400, error: "invalid request: body: bad" })]);
  });

  it("logs a stored document failing its schema as unexpected (our fault)", async () => {
    const { response, lines } = answer(new InvalidDocumentError("MLC/x.json", "bad"));
    expect((await response).status).toBe(500);
    expect(lines.map((line) => [line.severity, line.message])).toEqual([["ERROR", "unexpected error"]]);
  });

  it("logs a thrown non-Error as text", async () => {
    const { response, lines } = answer(Object.assign(Object.create(null), { status: 404, toString: () => "plain" }));
    expect((await response).status).toBe(404);
    expect(lines).toEqual([expect.objectContaining({ severity: "WARNING", error: "plain" })]);
  });
});
