/**
 * Reading the proxy's tokens from Secret Manager (secretEnvironment.ts): which variables are
 * fetched, and how a failed or malformed `versions.access` answer is reported. The fake on
 * 127.0.0.1 answers as the REST reference documents
 * (https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets.versions/access).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { SECRET_VARIABLES, secretManagerSource, withSecretsFromManager } from "../../../runtime/proxy/secretEnvironment.js";

const VERSION = "projects/p/secrets/s/versions/1";
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const source = () => secretManagerSource({ baseUrl, accessToken: async () => "t", timeoutMs: 5000 });

describe("withSecretsFromManager", () => {
  it("covers the combiner and OCN tokens", () => {
    expect(SECRET_VARIABLES).toEqual(["PIAA_COMBINER_TOKEN", "PIAA_OCN_CHANNEL_TOKEN"]);
  });

  it("fetches a trimmed reference, keeps the rest of the environment, and leaves a blank reference alone", async () => {
    const asked: string[] = [];
    const env = await withSecretsFromManager(
      { PIAA_COMBINER_TOKEN_SECRET: ` ${VERSION} `, PIAA_OCN_CHANNEL_TOKEN_SECRET: "  ", OTHER: "kept" },
      async (name) => (asked.push(name), `value of ${name}`),
    );
    expect(asked).toEqual([VERSION]);
    expect(env).toEqual({ PIAA_COMBINER_TOKEN_SECRET: ` ${VERSION} `, PIAA_OCN_CHANNEL_TOKEN_SECRET: "  ", OTHER: "kept", PIAA_COMBINER_TOKEN: `value of ${VERSION}` });
  });

  it.each(["projects/p/secrets/s", "projects/p/secrets/s/versions/1/x", "x/projects/p/secrets/s/versions/1", "projects//secrets/s/versions/1"])(
    "refuses %j as a version name",
    async (reference) => {
      await expect(withSecretsFromManager({ PIAA_OCN_CHANNEL_TOKEN_SECRET: reference }, async () => "v")).rejects.toThrow(
        new UsageError(`PIAA_OCN_CHANNEL_TOKEN_SECRET: ${JSON.stringify(reference)} is not a secret version name (projects/P/secrets/S/versions/V)`),
      );
    },
  );

  it("names the variable and the version when the source fails, with a thrown non-Error too", async () => {
    await expect(withSecretsFromManager({ PIAA_COMBINER_TOKEN_SECRET: VERSION }, () => Promise.reject("denied"))).rejects.toThrow(
      `PIAA_COMBINER_TOKEN_SECRET: cannot read ${VERSION}: denied`,
    );
  });
});

describe("secretManagerSource", () => {
  it("decodes the base64 payload as UTF-8", async () => {
    answer = { status: 200, body: { name: VERSION, payload: { data: Buffer.from("tökén").toString("base64") } } };
    expect(await source()(VERSION)).toBe("tökén");
  });

  it("reports a non-2xx status and an answer without payload.data", async () => {
    answer = { status: 403, body: { error: { code: 403 } } };
    await expect(source()(VERSION)).rejects.toThrow("Secret Manager answered 403");
    answer = { status: 200, body: { name: VERSION, payload: {} } };
    await expect(source()(VERSION)).rejects.toThrow("Secret Manager answer has no payload.data");
    answer = { status: 200, body: { name: VERSION } };
    await expect(source()(VERSION)).rejects.toThrow("Secret Manager answer has no payload.data");
  });
});
