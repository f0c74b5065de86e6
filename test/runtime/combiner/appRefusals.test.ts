/**
 * The combiner's request intake on a real socket (127.0.0.1) under the probe's hostile requests:
 * a body declared over the limit, or one without a valid bearer, is answered at once from the
 * headers and its connection closed, instead of being read until the 300 s request timeout; a
 * chunked body, which declares no length, is refused once read past the limit.
 */
import http from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCombinerApp, DEFAULT_MAX_BODY_BYTES } from "../../../runtime/combiner/app.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { answerHeader, openRaw, postHead } from "../rawHttp.js";

const TOKEN = "test-token-0123456789abcdef";
let dir: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-combiner-refusals-"));
  const { app } = createCombinerApp({ store: openObjectStore(dir), logger: createLogger({ service: "combiner", level: "silent" }), token: TOKEN });
  server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("POST /v1/segments refused before the body is read", () => {
  it.each([
    ["a body declared as 99999999999 bytes, with a valid bearer", { "Content-Length": "99999999999", Authorization: `Bearer ${TOKEN}` }, 413],
    ["a body one byte over the limit", { "Content-Length": String(DEFAULT_MAX_BODY_BYTES + 1), Authorization: `Bearer ${TOKEN}` }, 413],
    ["a slow body without a bearer", { "Content-Length": "200" }, 401],
    ["a slow body with a wrong bearer", { "Content-Length": "200", Authorization: "Bearer wrong-token-0123456789abcdef" }, 401],
    ["a slow chunked body without a bearer", { "Transfer-Encoding": "chunked" }, 401],
  ])("%s", async (_case, headers, status) => {
    const client = await openRaw(port);
    client.socket.write(`${postHead("/v1/segments", { "Content-Type": "application/json", ...headers })}${"Transfer-Encoding" in headers ? "5\r\n" : ""}{"buc`);
    expect(await client.status()).toBe(status);
    const { text } = await client.closed;
    expect(answerHeader(text, "connection")).toBe("close");
  });
});

/** POSTs `body` in two chunks (Transfer-Encoding: chunked); the status and the body answered. */
function postChunked(body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method: "POST", path: "/v1/segments", headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
      },
    );
    request.on("error", reject);
    const half = Math.floor(body.length / 2);
    request.write(body.slice(0, half));
    request.end(body.slice(half));
  });
}

describe("POST /v1/segments with a chunked body", () => {
  // No Content-Length, so nothing can be refused from the headers; under express.json's own 100 kB default.
  it("refuses a body over the limit with 413 once read past it", async () => {
    const object = "LC/PIC_J0326137+295015/PAN001/100001/2016-07-02T09:18:28.837000.json";
    const body = JSON.stringify({ bucket: "any", object, padding: "x".repeat(DEFAULT_MAX_BODY_BYTES + 4096) });
    expect(body.length).toBeLessThan(100 * 1024);
    const answer = await postChunked(body);
    expect(answer.status).toBe(413);
  });
});
