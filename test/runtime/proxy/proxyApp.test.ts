import request from "supertest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createLogger } from "../../../runtime/core/logging.js";
import { buildPubsubPush } from "../../../runtime/core/notifications/pubsubPush.js";
import { createLocalOidcIssuer, serveCertificates, type CertificateServer } from "../../../runtime/local/localOidcIssuer.js";
import { createCombinerForwarder } from "../../../runtime/proxy/combinerForwarder.js";
import { createKeyDocumentCache } from "../../../runtime/proxy/keyDocumentCache.js";
import { createOidcVerifier } from "../../../runtime/proxy/oidcVerifier.js";
import { createProxyApp } from "../../../runtime/proxy/proxyApp.js";
import { startFakeCombiner, type FakeCombiner } from "./fakeCombiner.js";

const AUDIENCE = "https://proxy.example.test/pubsub/push";
const PUSH_ACCOUNT = "push@piaa-test.iam.gserviceaccount.com";
const COMBINER_TOKEN = "combiner-secret-for-tests";
const OCN_TOKEN = "ocn-channel-token";
const LC = "LC/PIC_J0326137+295015/PAN001/123456/2016-07-24T10:41:10.772000.json";

const issuer = createLocalOidcIssuer();
let certs: CertificateServer;
let combiner: FakeCombiner;
let app: ReturnType<typeof createProxyApp>;
let logLines: Array<Record<string, unknown>>;

const push = (object: string, eventType = "OBJECT_FINALIZE", generation = "1700000000000001") =>
  buildPubsubPush({ messageId: `m-${object.length}-${generation}`, eventType, bucket: "piaa-test", object, generation });
const auth = (token = issuer.pushToken(AUDIENCE, PUSH_ACCOUNT)) => `Bearer ${token}`;
const envelopeWith = (attributes: Record<string, string>) => {
  const envelope = push(LC);
  return { ...envelope, message: { ...envelope.message, attributes: { ...envelope.message.attributes, ...attributes } } };
};

beforeAll(async () => {
  certs = await serveCertificates(issuer);
  combiner = await startFakeCombiner();
});
afterAll(async () => {
  await Promise.all([certs.close(), combiner.close()]);
});
beforeEach(() => {
  combiner.requests.length = 0;
  logLines = [];
  const logger = createLogger({ service: "proxy", level: "info", destination: { write: (line: string) => logLines.push(JSON.parse(line)) } });
  app = createProxyApp({
    verifier: createOidcVerifier({ audience: AUDIENCE, serviceAccount: PUSH_ACCOUNT, certificates: createKeyDocumentCache({ url: certs.url, subject: "certs", logger }) }),
    forwarder: createCombinerForwarder({ urls: [combiner.url], token: COMBINER_TOKEN, retry: { baseDelayMs: 1, maxDelayMs: 5 } }),
    logger,
    ocnChannelToken: OCN_TOKEN,
  });
});

describe("POST /pubsub/push", () => {
  it("forwards an LC finalize to the combiner and answers 200 once it confirmed", async () => {
    const envelope = push(LC);
    const res = await request(app).post("/pubsub/push").set("authorization", auth()).send(envelope).expect(200);
    expect(res.body).toMatchObject({ result: "forwarded", object: LC, combinerStatus: 200 });
    expect(combiner.requests).toEqual([
      {
        path: "/v1/segments",
        authorization: `Bearer ${COMBINER_TOKEN}`,
        body: { bucket: "piaa-test", object: LC, generation: "1700000000000001", eventType: "OBJECT_FINALIZE" },
      },
    ]);
    // One line ties the Pub/Sub message to the object and to the combiner's answer.
    const forwarded = logLines.find((line) => line.message === "notification forwarded");
    expect(forwarded).toMatchObject({ messageId: envelope.message.messageId, object: LC, combinerStatus: 200, severity: "INFO" });
    expect(JSON.stringify(logLines)).not.toContain(COMBINER_TOKEN);
  });

  it("forwards an LC delete", async () => {
    await request(app).post("/pubsub/push").set("authorization", auth()).send(push(LC, "OBJECT_DELETE")).expect(200);
    expect(combiner.requests[0]?.body).toMatchObject({ object: LC, eventType: "OBJECT_DELETE" });
  });

  it.each([
    ["a postage-stamp cube", "PSC/PAN001/123456/2016-07-24T10:41:10.772000/PIC_J0326137+295015.fits", "OBJECT_FINALIZE", /not a light-curve segment/],
    ["the combiner's own MLC write", "MLC/PIC_J0326137+295015.json", "OBJECT_FINALIZE", /not a light-curve segment/],
    ["a metadata update of a segment", LC, "OBJECT_METADATA_UPDATE", /does not change a segment/],
    ["a stray file under LC/", "LC/notes.txt", "OBJECT_FINALIZE", /expected LC\//],
  ])("acknowledges and ignores %s", async (_case, object, eventType, reason) => {
    const res = await request(app).post("/pubsub/push").set("authorization", auth()).send(push(object, eventType)).expect(200);
    expect(res.body.result).toBe("ignored");
    expect(res.body.reason).toMatch(reason);
    expect(combiner.requests).toHaveLength(0);
  });

  it.each([
    ["not JSON", "{nope", /JSON/],
    ["without message", { subscription: "s" }, /message/],
    ["without objectId", { message: { attributes: { eventType: "OBJECT_FINALIZE", bucketId: "b" }, messageId: "1" } }, /objectId/],
    ["with a non-numeric generation", { message: { attributes: { eventType: "OBJECT_FINALIZE", bucketId: "b", objectId: LC, objectGeneration: "x1" }, messageId: "1" } }, /objectGeneration/],
    // The probe's envelopes the combiner refused (400) after the proxy forwarded them.
    ["with generation 0", envelopeWith({ objectGeneration: "0" }), /objectGeneration: must be a positive decimal generation/],
    ["with a generation with leading zeros", envelopeWith({ objectGeneration: "00001" }), /objectGeneration: must be a positive decimal generation/],
    ["with a generation past int64", envelopeWith({ objectGeneration: "99999999999999999999" }), /objectGeneration: must be a positive decimal generation/],
    ["with a generation just past int64", envelopeWith({ objectGeneration: "9223372036854775808" }), /objectGeneration: must be a positive decimal generation/],
    ["with a bucket name over 222 characters", envelopeWith({ bucketId: "b".repeat(223) }), /bucketId: is longer than a bucket name can be/],
    ["whose data names another object", { message: { ...push(LC).message, data: Buffer.from(JSON.stringify({ name: "LC/other" })).toString("base64") } }, /names object/],
  ])("answers 400 to an envelope %s", async (_case, body, reason) => {
    const req = request(app).post("/pubsub/push").set("authorization", auth()).set("content-type", "application/json");
    const res = await req.send(typeof body === "string" ? body : JSON.stringify(body)).expect(400);
    expect(res.body.message).toMatch(reason);
    expect(combiner.requests).toHaveLength(0);
  });

  it.each([
    ["no token", undefined, 401],
    ["a token signed by an unknown key", auth(createLocalOidcIssuer().pushToken(AUDIENCE, PUSH_ACCOUNT)), 401],
    ["a token for another audience", auth(issuer.pushToken("https://other.example.test/", PUSH_ACCOUNT)), 401],
    ["an expired token", auth(issuer.sign({ iss: "https://accounts.google.com", aud: AUDIENCE, email: PUSH_ACCOUNT, email_verified: true, iat: 1_600_000_000, exp: 1_600_003_600 })), 401],
    ["a token of another service account", auth(issuer.pushToken(AUDIENCE, "intruder@piaa-test.iam.gserviceaccount.com")), 403],
  ])("refuses a push with %s and forwards nothing", async (_case, authorization, status) => {
    const req = request(app).post("/pubsub/push");
    if (authorization) req.set("authorization", authorization);
    const res = await req.send(push(LC)).expect(status);
    expect(res.body.message).not.toContain("eyJ");
    expect(combiner.requests).toHaveLength(0);
  });

  it("retries a failing combiner and answers 200 when a later attempt is confirmed", async () => {
    combiner.script(503, 500);
    const res = await request(app).post("/pubsub/push").set("authorization", auth()).send(push(LC)).expect(200);
    expect(res.body).toMatchObject({ result: "forwarded", attempts: 3 });
    expect(combiner.requests).toHaveLength(3);
  });

  it("answers 503 so that Pub/Sub redelivers when the combiner never confirms", async () => {
    combiner.script(503, 503, 503);
    const res = await request(app).post("/pubsub/push").set("authorization", auth()).send(push(LC)).expect(503);
    expect(res.body).toMatchObject({ error: "CombinerUnavailable", combinerStatus: 503, attempts: 3 });
  });

  it("answers 503 without retrying when the combiner refuses our secret", async () => {
    combiner.script(401);
    await request(app).post("/pubsub/push").set("authorization", auth()).send(push(LC)).expect(503);
    expect(combiner.requests).toHaveLength(1);
  });

  it("answers 422 without retrying when the combiner rejects the segment for good", async () => {
    combiner.script(422);
    const res = await request(app).post("/pubsub/push").set("authorization", auth()).send(push(LC)).expect(422);
    expect(res.body).toMatchObject({ error: "SegmentRejected", message: "scripted status 422", combinerStatus: 422 });
    expect(combiner.requests).toHaveLength(1);
  });
});

describe("POST /ocn (legacy Object Change Notification)", () => {
  const ocn = (state: string, token = OCN_TOKEN) =>
    request(app)
      .post("/ocn")
      .set("x-goog-channel-id", "channel-1")
      .set("x-goog-channel-token", token)
      .set("x-goog-resource-state", state)
      .set("x-goog-message-number", "7");

  it("acknowledges the sync message that opens a channel", async () => {
    await ocn("sync").expect(200, { result: "sync" });
    expect(combiner.requests).toHaveLength(0);
  });

  it.each([
    ["exists", "OBJECT_FINALIZE"],
    ["not_exists", "OBJECT_DELETE"],
  ])("forwards %s as %s", async (state, eventType) => {
    await ocn(state).send({ kind: "storage#object", name: LC, bucket: "piaa-test", generation: "42" }).expect(200);
    expect(combiner.requests[0]?.body).toEqual({ bucket: "piaa-test", object: LC, generation: "42", eventType });
  });

  it("refuses a wrong channel token and forwards nothing", async () => {
    await ocn("exists", "guess").send({ name: LC, bucket: "piaa-test", generation: "42" }).expect(401);
    expect(combiner.requests).toHaveLength(0);
  });

  it.each([
    ["generation 0", { generation: "0" }, /body.generation/],
    ["a generation past int64", { generation: "99999999999999999999" }, /body.generation/],
    ["a bucket name over 222 characters", { bucket: "b".repeat(223) }, /body.bucket/],
  ])("answers 400 to a resource with %s and forwards nothing", async (_case, fields, reason) => {
    const res = await ocn("exists").send({ name: LC, bucket: "piaa-test", generation: "42", ...fields }).expect(400);
    expect(res.body.message).toMatch(reason);
    expect(combiner.requests).toHaveLength(0);
  });

  it("checks the channel token before parsing the body", async () => {
    // Malformed JSON would be a 400 if it were parsed first.
    await ocn("exists", "guess").set("content-type", "application/json").send("{not json").expect(401);
  });

  it("answers 400 to an unknown resource state", async () => {
    await ocn("maybe").send({ name: LC, bucket: "piaa-test" }).expect(400);
  });
});

describe("GET /healthz", () => {
  it("answers ok without credentials", async () => {
    await request(app).get("/healthz").expect(200, { status: "ok" });
  });
});
