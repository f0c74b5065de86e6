/**
 * The dashboard's IAP check against assertions shaped as IAP documents them
 * (https://cloud.google.com/iap/docs/signed-headers-howto): ES256 JWTs with a `kid` header,
 * issuer https://cloud.google.com/iap, audience /projects/NUMBER/apps/PROJECT, signed here by
 * locally generated P-256 keys whose public halves are served on 127.0.0.1 as a key id → PEM
 * document, the shape of https://www.gstatic.com/iap/verify/public_key.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import express from "express";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ForbiddenError, UnauthorizedError } from "../../../runtime/core/errors.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { IAP_ASSERTION_HEADER, verifyIapAssertion } from "../../../runtime/proxy/iapAssertion.js";
import { createKeyDocumentCache } from "../../../runtime/proxy/keyDocumentCache.js";
import { createProxyApp } from "../../../runtime/proxy/proxyApp.js";
import { iapGuard } from "../../../runtime/proxy/iapAssertion.js";
import type { CombinerForwarder } from "../../../runtime/proxy/combinerForwarder.js";
import type { PushVerifier } from "../../../runtime/proxy/oidcVerifier.js";

const AUDIENCE = "/projects/123456789012/apps/piaa-test";
const NOW = 1_780_000_000;
const iapKey = generateKeyPairSync("ec", { namedCurve: "P-256" });
const otherKey = generateKeyPairSync("ec", { namedCurve: "P-256" });

function assertion(claims: Record<string, unknown> = {}, options: { key?: KeyObject; kid?: string; alg?: string } = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: options.alg ?? "ES256", kid: options.kid ?? "key-1", typ: "JWT" })).toString("base64url");
  const payload = Buffer.from(
    JSON.stringify({ iss: "https://cloud.google.com/iap", aud: AUDIENCE, email: "ana@example.org", sub: "accounts.google.com:42", iat: NOW - 10, exp: NOW + 590, ...claims }),
  ).toString("base64url");
  const signature = sign("sha256", Buffer.from(`${header}.${payload}`), { key: options.key ?? iapKey.privateKey, dsaEncoding: "ieee-p1363" });
  return `${header}.${payload}.${signature.toString("base64url")}`;
}

let keyServer: Server;
let keysUrl: string;
let keyRequests = 0;

beforeAll(async () => {
  const document = JSON.stringify({ "key-1": iapKey.publicKey.export({ type: "spki", format: "pem" }) });
  keyServer = createServer((_req, res) => {
    keyRequests += 1;
    res.writeHead(200, { "content-type": "application/json" }).end(document);
  });
  await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
  keysUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/iap/verify/public_key`;
});
afterAll(async () => {
  await new Promise((resolve) => keyServer.close(resolve));
});

const logger = createLogger({ service: "test", level: "silent" });
/** A new cache per case: each case fetches the document once. */
const options = () => ({ audience: AUDIENCE, keys: createKeyDocumentCache({ url: keysUrl, subject: "IAP keys", logger }), now: () => NOW });

describe("verifyIapAssertion", () => {
  it("accepts an assertion IAP signed for this application, with keys fetched from the key document", async () => {
    const before = keyRequests;
    await expect(verifyIapAssertion(assertion(), options())).resolves.toEqual({ email: "ana@example.org", subject: "accounts.google.com:42" });
    expect(keyRequests).toBe(before + 1);
  });

  it.each([
    ["no header", undefined, /no x-goog-iap-jwt-assertion header/],
    ["not a JWT", "abc.def", /not a JWT/],
    ["a forged signature (another key under IAP's key id)", assertion({}, { key: otherKey.privateKey }), /signature does not verify/],
    ["a key id IAP does not publish", assertion({}, { kid: "key-9" }), /key "key-9" is not one of IAP's keys/],
    ["another algorithm", assertion({}, { alg: "HS256" }), /algorithm HS256 is not ES256/],
    ["an expired assertion", assertion({ iat: NOW - 700, exp: NOW - 100 }), /expired/],
    ["an assertion issued in the future", assertion({ iat: NOW + 600, exp: NOW + 1200 }), /issued in the future/],
    ["another issuer", assertion({ iss: "https://accounts.google.com" }), /issuer "https:\/\/accounts.google.com"/],
  ])("refuses %s with 401", async (_case, value, message) => {
    const failure = verifyIapAssertion(value, options());
    await expect(failure).rejects.toThrow(UnauthorizedError);
    await expect(failure).rejects.toThrow(message);
  });

  it("refuses a genuine assertion for another application with 403", async () => {
    const failure = verifyIapAssertion(assertion({ aud: "/projects/999/apps/someone-else" }), options());
    await expect(failure).rejects.toThrow(ForbiddenError);
  });

  it("treats an unreachable key source as its own failure, not the caller's", async () => {
    const failure = verifyIapAssertion(assertion(), { audience: AUDIENCE, keys: () => Promise.reject(new Error("ECONNREFUSED")), now: () => NOW });
    await expect(failure).rejects.toThrow(/cannot fetch IAP public keys: ECONNREFUSED/);
    await expect(failure).rejects.not.toThrow(UnauthorizedError);
  });
});

describe("the proxy's dashboard behind IAP", () => {
  const dashboard = express.Router().get("/", (_req, res) => {
    res.send("dashboard");
  });
  const unused = { verify: () => Promise.reject(new Error("not called")), forward: () => Promise.reject(new Error("not called")) };
  const appWith = (guard: boolean) =>
    createProxyApp({
      verifier: unused as unknown as PushVerifier,
      forwarder: unused as unknown as CombinerForwarder,
      logger: createLogger({ service: "proxy", level: "silent" }),
      dashboard,
      ...(guard ? { dashboardGuard: iapGuard(options()) } : {}),
    });

  it("serves the dashboard only with a valid assertion (401 without, 403 for another app)", async () => {
    const app = appWith(true);
    await request(app).get("/").set(IAP_ASSERTION_HEADER, assertion()).expect(200, "dashboard");
    await request(app).get("/").expect(401);
    await request(app).get("/").set(IAP_ASSERTION_HEADER, assertion({ exp: NOW - 60 })).expect(401);
    await request(app).get("/").set(IAP_ASSERTION_HEADER, assertion({ aud: "/projects/1/apps/x" })).expect(403);
  });

  it("keeps the health check and the push endpoint out of the IAP check (Pub/Sub brings its own OIDC token)", async () => {
    const app = appWith(true);
    await request(app).get("/healthz").expect(200);
    // Reaches the push verifier (which fails here on purpose), not the IAP guard's 401.
    const res = await request(app).post("/pubsub/push").send({});
    expect(res.status).toBe(500);
  });

  it("leaves the dashboard open without an IAP audience, as `npm start` runs it locally", async () => {
    await request(appWith(false)).get("/").expect(200, "dashboard");
  });
});
