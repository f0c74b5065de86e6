import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { Writable } from "node:stream";
import {
  InvalidObjectNameError,
  InvalidSegmentError,
  NotFoundError,
  OverloadedError,
  PreconditionFailedError,
  StoreUnavailableError,
  UnauthorizedError,
} from "../../../runtime/core/errors.js";
import { httpStatusOf, jsonErrorHandler } from "../../../runtime/core/httpErrors.js";
import { createLogger } from "../../../runtime/core/logging.js";

function appThrowing(error: unknown, lines: string[] = []) {
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const app = express();
  app.use(express.json({ limit: "1kb" }));
  app.post("/", () => {
    throw error;
  });
  app.use(jsonErrorHandler(createLogger({ service: "test", destination: sink })));
  return app;
}

describe("HTTP errors", () => {
  it.each([
    [new InvalidObjectNameError("x", "bad"), 400],
    [new InvalidSegmentError("LC/x.json", { reason: "bad" }), 422],
    [new UnauthorizedError("request", "no token"), 401],
    [new NotFoundError("MLC/x.json"), 404],
    [new PreconditionFailedError("MLC/x.json", "7"), 412],
    [new StoreUnavailableError("MLC/x.json", "EIO"), 503],
    [new OverloadedError("queue", "full", 2), 503],
    [new Error("boom"), 500],
  ])("maps %s to %i", (error, status) => {
    expect(httpStatusOf(error)).toBe(status);
  });

  it("answers JSON naming the object, never a stack trace", async () => {
    const res = await request(appThrowing(new NotFoundError("MLC/PIC_J0326137+295015.json"))).post("/");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      error: "NotFoundError",
      message: "object not found: MLC/PIC_J0326137+295015.json",
      object: "MLC/PIC_J0326137+295015.json",
    });
  });

  it("hides unexpected errors from the caller but logs them", async () => {
    const lines: string[] = [];
    const res = await request(appThrowing(new Error("secret detail"), lines)).post("/");
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain("secret detail");
    expect(lines.join("")).toContain("secret detail");
    expect(JSON.parse(lines[0]!)).toMatchObject({ severity: "ERROR", service: "test" });
  });

  it("sets Retry-After on overload", async () => {
    const res = await request(appThrowing(new OverloadedError("queue", "full", 1.5))).post("/");
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("2");
  });

  it("keeps body-parser statuses for malformed and over-limit bodies", async () => {
    const app = appThrowing(new Error("unreachable"));
    const bad = await request(app).post("/").set("content-type", "application/json").send("{nope");
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe("entity.parse.failed");
    const big = await request(app).post("/").set("content-type", "application/json").send(JSON.stringify({ x: "a".repeat(2000) }));
    expect(big.status).toBe(413);
    expect(big.body.error).toBe("entity.too.large");
  });
});
