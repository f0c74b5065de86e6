/**
 * The proxy's tokens from Secret Manager, against a fake of `versions.access` on 127.0.0.1 that
 * answers as the REST reference documents it: `GET /v1/{name}:access` with a bearer token →
 * `{name, payload: {data: <base64>}}`, 404 for an unknown version
 * (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { readProxyConfig } from "../../../runtime/proxy/config.js";
import { secretManagerSource, withSecretsFromManager } from "../../../runtime/proxy/secretEnvironment.js";

const COMBINER = "projects/piaa-test/secrets/piaa-dev-combiner-token/versions/1";
const OCN = "projects/piaa-test/secrets/piaa-dev-ocn-channel-token/versions/3";
const VALUES: Record<string, string> = { [COMBINER]: "combiner-token-from-secret-manager", [OCN]: "ocn-token-2016" };
const seen: { path: string; authorization: string | undefined }[] = [];
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", authorization: req.headers.authorization });
    const name = /^\/v1\/(.+):access$/.exec(req.url ?? "")?.[1];
    const value = name === undefined ? undefined : VALUES[name];
    if (req.headers.authorization !== "Bearer test-access-token") return void res.writeHead(401).end();
    if (value === undefined) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"code":404}}');
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ name, payload: { data: Buffer.from(value).toString("base64") } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const source = () => secretManagerSource({ baseUrl, accessToken: async () => "test-access-token" });
const APP_ENGINE_ENV = {
  PIAA_COMBINER_URL: "http://10.10.0.50",
  PIAA_PUSH_AUDIENCE: "piaa-dev-push",
  PIAA_PUSH_SERVICE_ACCOUNT: "push-invoker-dev@piaa-test.iam.gserviceaccount.com",
  PIAA_COMBINER_TOKEN_SECRET: COMBINER,
  PIAA_OCN_CHANNEL_TOKEN_SECRET: OCN,
};

describe("withSecretsFromManager", () => {
  it("reads both tokens named by *_SECRET, so App Engine's environment holds no token", async () => {
    seen.length = 0;
    const config = readProxyConfig(await withSecretsFromManager(APP_ENGINE_ENV, source()));
    expect(config.combinerToken).toBe("combiner-token-from-secret-manager");
    expect(config.ocnChannelToken).toBe("ocn-token-2016");
    expect(seen.map((s) => s.path).sort()).toEqual([`/v1/${COMBINER}:access`, `/v1/${OCN}:access`].sort());
  });

  it("fetches nothing when the tokens are in the environment (npm start, local runs)", async () => {
    seen.length = 0;
    const env = { ...APP_ENGINE_ENV, PIAA_COMBINER_TOKEN: "local-token-0123456789", PIAA_OCN_CHANNEL_TOKEN: "local" };
    expect(await withSecretsFromManager(env, source())).toMatchObject({ PIAA_COMBINER_TOKEN: "local-token-0123456789", PIAA_OCN_CHANNEL_TOKEN: "local" });
    expect(seen).toEqual([]);
  });

  it("stops with a message naming the variable when the version cannot be read or is not a version name", async () => {
    const missing = { ...APP_ENGINE_ENV, PIAA_COMBINER_TOKEN_SECRET: "projects/piaa-test/secrets/gone/versions/1" };
    await expect(withSecretsFromManager(missing, source())).rejects.toThrow(/PIAA_COMBINER_TOKEN_SECRET: cannot read .*gone.*404/);
    await expect(withSecretsFromManager({ ...APP_ENGINE_ENV, PIAA_OCN_CHANNEL_TOKEN_SECRET: "ocn" }, source())).rejects.toThrow(UsageError);
    const unauthenticated = secretManagerSource({ baseUrl, accessToken: async () => "wrong" });
    await expect(withSecretsFromManager(APP_ENGINE_ENV, unauthenticated)).rejects.toThrow(/401/);
  });
});
