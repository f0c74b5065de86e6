/**
 * What Pub/Sub, the OCN channel, operators and the dashboard's users get from the proxy app on
 * its less common paths: the exact answer bodies per outcome (forwarded, ignored, rejected, not
 * confirmed), the refusals of the OCN route (unconfigured, draining, oversize), the dashboard
 * mount behind its guard, and the log line that carries the request's trace.
 */
import type { RequestHandler } from "express";
import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { buildPubsubPush } from "../../../runtime/core/notifications/pubsubPush.js";
import { createCombinerForwarder } from "../../../runtime/proxy/combinerForwarder.js";
import { createKeyDocumentCache } from "../../../runtime/proxy/keyDocumentCache.js";
import { createOidcVerifier } from "../../../runtime/proxy/oidcVerifier.js";
import { createProxyApp, NOTIFICATION_BODY_LIMIT_BYTES, type ProxyAppOptions } from "../../../runtime/proxy/proxyApp.js";
import { AUDIENCE, LC, pushAuthorization, PUSH_ACCOUNT, usePushEdges } from "./pushFixtures.js";

const edges = usePushEdges();
const GENERATION = "1700000000000007";
let lines: Array<Record<string, unknown>>;

beforeEach(() => {
  edges.combiner.requests.length = 0;
  lines = [];
});

function proxyApp(options: Partial<ProxyAppOptions> = {}) {
  const logger = createLogger({ service: "proxy", level: "info", destination: { write: (line: string) => lines.push(JSON.parse(line)) } });
  return createProxyApp({
    verifier: createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certificates: createKeyDocumentCache({ url: edges.certs.url, subject: "certs", logger }) }),
    forwarder: createCombinerForwarder({ urls: [edges.combiner.url], token: "combiner-secret-for-tests", retry: { baseDelayMs: 1, maxDelayMs: 5 } }),
    logger,
    ...options,
  });
}

const push = (object: string, eventType = "OBJECT_FINALIZE") =>
  buildPubsubPush({ messageId: "m-42", eventType, bucket: "piaa-test", object, generation: GENERATION });
const postPush = (app: ReturnType<typeof createProxyApp>, body: object) => request(app).post("/pubsub/push").set("authorization", pushAuthorization()).send(body);

describe("answers to a verified push", () => {
  it("names the object, generation, combiner status and attempts of a forwarded segment", async () => {
    const res = await postPush(proxyApp(), push(LC)).expect(200);
    expect(res.body).toEqual({ result: "forwarded", object: LC, generation: GENERATION, combinerStatus: 200, attempts: 1 });
  });

  it.each([
    ["a master light curve", "MLC/PIC_J0326137+295015.json", "OBJECT_FINALIZE", /not a light-curve segment/],
    ["a metadata update of a segment", LC, "OBJECT_METADATA_UPDATE", /OBJECT_METADATA_UPDATE does not change a segment/],
  ])("acknowledges %s as ignored, with the reason, and forwards nothing", async (_case, object, eventType, reason) => {
    const res = await postPush(proxyApp(), push(object, eventType)).expect(200);
    expect(res.body.result).toBe("ignored");
    expect(res.body.reason).toMatch(reason);
    expect(edges.combiner.requests).toHaveLength(0);
    expect(lines.find((line) => line.message === "notification ignored")).toMatchObject({ object, eventType, messageId: "m-42", reason: res.body.reason });
  });

  it("passes the combiner's refusal on in a 422 naming the segment", async () => {
    edges.combiner.script(422);
    const res = await postPush(proxyApp(), push(LC)).expect(422);
    expect(res.body).toEqual({ error: "SegmentRejected", message: "scripted status 422", object: LC, generation: GENERATION, combinerStatus: 422, attempts: 1 });
    expect(lines.find((line) => line.message === "combiner rejected the segment")).toMatchObject({ combinerMessage: "scripted status 422", severity: "ERROR" });
  });

  it("answers 503 naming the segment when the combiner does not confirm", async () => {
    edges.combiner.script(503, 503, 503);
    const res = await postPush(proxyApp(), push(LC)).expect(503);
    expect(res.body).toEqual({
      error: "CombinerUnavailable",
      message: "the combiner did not confirm the segment",
      object: LC,
      generation: GENERATION,
      combinerStatus: 503,
      attempts: 3,
    });
    expect(lines.find((line) => line.message === "combiner did not confirm; asking for redelivery")).toMatchObject({
      severity: "WARNING",
      combinerStatus: 503,
      attempts: 3,
      reason: expect.stringMatching(/503/),
    });
  });

  it("names the push route in its 503 while draining", async () => {
    const res = await postPush(proxyApp({ isDraining: () => true }), push(LC)).expect(503);
    expect(res.body).toMatchObject({ object: "push", message: expect.stringMatching(/shutting down/) });
  });

  it("logs the forwarded notification under the request's Cloud Trace id", async () => {
    await postPush(proxyApp(), push(LC)).set("x-cloud-trace-context", "105445aa7843bc8bf206b12000100000/1;o=1").expect(200);
    expect(lines.find((line) => line.message === "notification forwarded")).toMatchObject({
      traceId: "105445aa7843bc8bf206b12000100000",
      messageId: "m-42",
      object: LC,
      generation: GENERATION,
      combinerStatus: 200,
      attempts: 1,
    });
  });

  it("does not advertise express", async () => {
    const res = await request(proxyApp()).get("/healthz").expect(200);
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });
});

describe("the OCN route's refusals", () => {
  const ocn = (app: ReturnType<typeof createProxyApp>) =>
    request(app).post("/ocn").set("x-goog-channel-id", "channel-1").set("x-goog-channel-token", "ocn-channel-token").set("x-goog-resource-state", "exists");

  it("refuses every request with 403 when no channel token is configured", async () => {
    const res = await ocn(proxyApp()).send({ name: LC, bucket: "piaa-test", generation: "42" }).expect(403);
    expect(res.body).toMatchObject({ object: "ocn", message: expect.stringMatching(/legacy notification channel is not configured/) });
    expect(edges.combiner.requests).toHaveLength(0);
  });

  it("answers 503 with Retry-After while draining, naming the route", async () => {
    const res = await ocn(proxyApp({ ocnChannelToken: "ocn-channel-token", isDraining: () => true })).send({ name: LC, bucket: "piaa-test", generation: "42" }).expect(503);
    expect(res.headers["retry-after"]).toBe("2");
    expect(res.body).toMatchObject({ object: "ocn", message: expect.stringMatching(/shutting down/) });
    expect(edges.combiner.requests).toHaveLength(0);
  });

  it("acknowledges a channel's sync message and logs its message number", async () => {
    await ocn(proxyApp({ ocnChannelToken: "ocn-channel-token" })).set("x-goog-resource-state", "sync").set("x-goog-message-number", "1").expect(200, { result: "sync" });
    expect(lines.find((line) => line.message === "OCN channel sync acknowledged")).toMatchObject({ messageId: "channel-1/1" });
  });

  it("answers 413 to a body declared over the limit", async () => {
    const app = proxyApp({ ocnChannelToken: "ocn-channel-token" });
    await ocn(app).set("content-length", String(NOTIFICATION_BODY_LIMIT_BYTES + 1)).send("x".repeat(10)).ok(() => true).then((res) => {
      expect(res.status).toBe(413);
    });
  });

  it("accepts the largest body the limit allows", async () => {
    const resource = { name: LC, bucket: "piaa-test", generation: "42" };
    const padded = JSON.stringify(resource).replace(/}$/, `,"pad":"${"x".repeat(NOTIFICATION_BODY_LIMIT_BYTES)}"}`);
    const body = padded.slice(0, NOTIFICATION_BODY_LIMIT_BYTES - 2) + '"}';
    expect(Buffer.byteLength(body)).toBe(NOTIFICATION_BODY_LIMIT_BYTES);
    await ocn(proxyApp({ ocnChannelToken: "ocn-channel-token" })).set("content-type", "application/json").send(body).expect(200);
  });
});

describe("readiness", () => {
  it("names readyz in its 503 while draining, with Retry-After", async () => {
    const res = await request(proxyApp({ isDraining: () => true })).get("/readyz").expect(503);
    expect(res.headers["retry-after"]).toBe("2");
    expect(res.body).toMatchObject({ object: "readyz", message: expect.stringMatching(/shutting down/) });
  });

  it("stays live while draining", async () => {
    await request(proxyApp({ isDraining: () => true })).get("/healthz").expect(200, { status: "ok" });
  });
});

describe("the dashboard mount", () => {
  const dashboard: RequestHandler = (req, res) => {
    res.status(200).json({ page: req.originalUrl });
  };
  const refuseAll: RequestHandler = (_req, res) => {
    res.status(401).json({ error: "Unauthorized" });
  };

  it("serves any other path from the dashboard, guard first", async () => {
    await request(proxyApp({ dashboard })).get("/stars/PIC_J0326137+295015").expect(200, { page: "/stars/PIC_J0326137+295015" });
    await request(proxyApp({ dashboard, dashboardGuard: refuseAll })).get("/stars/PIC_J0326137+295015").expect(401, { error: "Unauthorized" });
  });

  it("keeps the probes and notification routes out of the dashboard and its guard", async () => {
    const app = proxyApp({ dashboard, dashboardGuard: refuseAll });
    await request(app).get("/healthz").expect(200, { status: "ok" });
    await request(app).get("/readyz").expect(200, { status: "ready" });
    await postPush(app, push(LC)).expect(200);
  });
});
