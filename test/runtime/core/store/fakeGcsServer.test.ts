/**
 * The fake GCS server against the documented JSON API, called with plain HTTP (no client library),
 * so that the adapter tests rest on answers shaped like Cloud Storage's.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crc32c, crc32cBase64 } from "./crc32c.js";
import { startFakeGcsServer, type FakeGcsServer } from "./fakeGcsServer.js";

let server: FakeGcsServer;
beforeAll(async () => {
  server = await startFakeGcsServer();
});
afterAll(async () => {
  await server.close();
});

const bucket = "fake-shapes";
const objectUrl = (name: string, query = "") => `${server.endpoint}/storage/v1/b/${bucket}/o/${encodeURIComponent(name)}${query}`;
const listUrl = (query: string) => `${server.endpoint}/storage/v1/b/${bucket}/o?${query}`;

function uploadMedia(name: string, data: Buffer, query = ""): Promise<Response> {
  const url = `${server.endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=media&name=${encodeURIComponent(name)}${query}`;
  return fetch(url, { method: "POST", body: data, headers: { "content-type": "application/octet-stream" } });
}

function uploadMultipart(metadata: Record<string, unknown>, data: Buffer): Promise<Response> {
  const boundary = "fake-boundary-1";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(metadata)}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--`),
  ]);
  return fetch(`${server.endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=multipart`, {
    method: "POST",
    body,
    headers: { "content-type": `multipart/related; boundary=${boundary}` },
  });
}

/** https://cloud.google.com/storage/docs/json_api/v1/status-codes */
async function expectErrorBody(response: Response, code: number, reason: string): Promise<void> {
  expect(response.status).toBe(code);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { code: number; message: string; errors: { domain: string; reason: string; message: string }[] } };
  expect(body).toEqual({ error: { code, message: expect.any(String), errors: [{ domain: "global", reason, message: body.error.message }] } });
}

describe("fake GCS JSON API", () => {
  it("computes CRC-32C with the catalogued check value", () => {
    // CRC-32C ("CRC-32/ISCSI") of "123456789" is 0xE3069283 (RFC 3720 §B.4; Williams' CRC catalogue).
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  });

  it("answers objects.insert with an object resource: int64 fields as strings, RFC 3339 times, hashes", async () => {
    const data = Buffer.from("[1,2,3]");
    const response = await uploadMedia("LC/shape.json", data);
    expect(response.status).toBe(200);
    const resource = (await response.json()) as Record<string, unknown>;
    expect(resource).toMatchObject({
      kind: "storage#object",
      name: "LC/shape.json",
      bucket,
      generation: expect.stringMatching(/^[1-9]\d*$/),
      metageneration: "1",
      size: "7",
      crc32c: crc32cBase64(data),
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const get = await fetch(objectUrl("LC/shape.json"));
    expect(await get.json()).toEqual(resource);
  });

  it("serves alt=media with the object's generation and hashes in x-goog-* headers", async () => {
    const data = Buffer.from([0, 13, 10, 45, 45, 255]);
    const resource = (await (await uploadMedia("PSC/media.fits", data)).json()) as { generation: string };
    const response = await fetch(objectUrl("PSC/media.fits", `?alt=media&generation=${resource.generation}`));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(data);
    expect(response.headers.get("x-goog-generation")).toBe(resource.generation);
    expect(response.headers.get("x-goog-hash")).toContain(`crc32c=${crc32cBase64(data)}`);
    const stale = await fetch(objectUrl("PSC/media.fits", `?alt=media&generation=${BigInt(resource.generation) - 1n}`));
    await expectErrorBody(stale, 404, "notFound");
  });

  it("keeps multipart media bytes exact (CRLF and dashes included) and checks a supplied crc32c", async () => {
    const data = Buffer.from("\r\n--fake-boundary-\r\n\r\nend", "utf8");
    const ok = await uploadMultipart({ name: "LC/multi.json", crc32c: crc32cBase64(data) }, data);
    expect(ok.status).toBe(200);
    expect(Buffer.from(await (await fetch(objectUrl("LC/multi.json", "?alt=media"))).arrayBuffer())).toEqual(data);
    const bad = await uploadMultipart({ name: "LC/multi.json", crc32c: crc32cBase64(Buffer.from("other")) }, data);
    await expectErrorBody(bad, 400, "invalid");
  });

  it("answers 412 conditionNotMet when ifGenerationMatch does not hold, 404 notFound for absent objects", async () => {
    const { generation } = (await (await uploadMedia("MLC/cond.json", Buffer.from("{}"))).json()) as { generation: string };
    await expectErrorBody(await uploadMedia("MLC/cond.json", Buffer.from("{}"), "&ifGenerationMatch=0"), 412, "conditionNotMet");
    await expectErrorBody(await fetch(objectUrl("MLC/cond.json", `?ifGenerationMatch=${BigInt(generation) + 1n}`)), 412, "conditionNotMet");
    expect((await fetch(objectUrl("MLC/cond.json", `?alt=media&ifGenerationMatch=${generation}`))).status).toBe(200);
    await expectErrorBody(await uploadMedia("MLC/absent.json", Buffer.from("{}"), "&ifGenerationMatch=5"), 412, "conditionNotMet");
    await expectErrorBody(await fetch(objectUrl("MLC/absent.json")), 404, "notFound");
    await expectErrorBody(await fetch(objectUrl("MLC/absent.json"), { method: "DELETE" }), 404, "notFound");
  });

  it("deletes with 204 and an empty body", async () => {
    const { generation } = (await (await uploadMedia("LC/del.json", Buffer.from("[]"))).json()) as { generation: string };
    await expectErrorBody(await fetch(objectUrl("LC/del.json", "?ifGenerationMatch=1"), { method: "DELETE" }), 412, "conditionNotMet");
    const deleted = await fetch(objectUrl("LC/del.json", `?ifGenerationMatch=${generation}`), { method: "DELETE" });
    expect([deleted.status, await deleted.text()]).toEqual([204, ""]);
  });

  it("lists by prefix in name order with an opaque nextPageToken only while more follow", async () => {
    for (const name of ["L/b", "L/a", "L/c", "M/x"]) await uploadMedia(name, Buffer.from(name));
    const first = (await (await fetch(listUrl("prefix=L/&maxResults=2"))).json()) as { kind: string; items: { name: string; size: string }[]; nextPageToken: string };
    expect(first.kind).toBe("storage#objects");
    expect(first.items.map((i) => [i.name, i.size])).toEqual([
      ["L/a", "3"],
      ["L/b", "3"],
    ]);
    expect(first.nextPageToken).toEqual(expect.any(String));
    const last = (await (await fetch(listUrl(`prefix=L/&maxResults=2&pageToken=${first.nextPageToken}`))).json()) as Record<string, unknown>;
    expect(last).toEqual({ kind: "storage#objects", items: [expect.objectContaining({ name: "L/c" })] });
    expect(await (await fetch(listUrl("prefix=none/"))).json()).toEqual({ kind: "storage#objects" });
  });

  it("fails the next requests on demand, with an error status or a dropped connection", async () => {
    server.failNext(1, { status: 503 });
    await expectErrorBody(await fetch(listUrl("prefix=")), 503, "backendError");
    server.failNext(1, { reset: true });
    await expect(fetch(listUrl("prefix="))).rejects.toThrow();
    expect((await fetch(listUrl("prefix="))).status).toBe(200);
    expect(server.requests.slice(-3).map((r) => [r.operation, r.status])).toEqual([
      ["objects.list", 503],
      ["objects.list", 0],
      ["objects.list", 200],
    ]);
  });

  it("refuses what it does not implement instead of ignoring it", async () => {
    await expectErrorBody(await fetch(listUrl("delimiter=/")), 400, "invalid");
    const resumable = await fetch(`${server.endpoint}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=x`, { method: "POST", body: "" });
    await expectErrorBody(resumable, 400, "invalid");
  });
});
