import { describe, expect, it } from "vitest";
import { InvalidObjectNameError, NotFoundError, PreconditionFailedError, StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { GcsObjectStore, type GcsRetryOptions } from "../../../../runtime/core/store/gcsObjectStore.js";
import { openObjectStore } from "../../../../runtime/core/store/openObjectStore.js";
import { crc32cBase64 } from "./crc32c.js";
import { startFakeGcsServer, type FakeGcsServer, type RecordedRequest } from "./fakeGcsServer.js";
import { describeObjectStoreContract } from "./objectStoreContract.js";

/** The shortest back-off the library accepts (1 s per retry), and few retries. */
const FAST_RETRY: GcsRetryOptions = { maxRetries: 2, maxRetryDelayS: 1, retryDelayMultiplier: 1, totalTimeoutS: 10 };

async function openFixture() {
  const server = await startFakeGcsServer();
  const store = new GcsObjectStore({ bucket: "piaa-test", apiEndpoint: server.endpoint, retry: FAST_RETRY });
  return { server, store, close: server.close };
}

describeObjectStoreContract("gcs (fake JSON API)", openFixture);

/**
 * Each test has its own fake server, so the tests (several wait out a 1 s retry) run concurrently.
 */
async function withStore(test: (server: FakeGcsServer, store: GcsObjectStore) => Promise<void>): Promise<void> {
  const { server, store, close } = await openFixture();
  try {
    await test(server, store);
  } finally {
    await close();
  }
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const inserts = (server: FakeGcsServer) => server.requests.filter((r) => r.operation === "objects.insert");
const isDelete = (r: RecordedRequest) => r.operation === "objects.delete";

describe.concurrent("GcsObjectStore", () => {
  it("retries a precondition-guarded put after a 503", () =>
    withStore(async (server, store) => {
      server.failNext(1, { status: 503 });
      const stat = await store.put("MLC/PIC_J0326137+295015.json", json({ schema: 1 }), { ifGenerationMatch: "0" });
      expect(inserts(server).map((r) => r.status)).toEqual([503, 200]);
      expect((await store.get("MLC/PIC_J0326137+295015.json")).generation).toBe(stat.generation);
    }));

  it("sends an unconditional put once, and reports the 503 as StoreUnavailableError naming the object", () =>
    withStore(async (server, store) => {
      server.failNext(1, { status: 503 });
      const put = store.put("LC/x.json", json([]));
      await expect(put).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(put).rejects.toThrow(/LC\/x\.json.*503/);
      expect(inserts(server)).toHaveLength(1);
      await expect(store.stat("LC/x.json")).rejects.toBeInstanceOf(NotFoundError);
    }));

  it("sends an unconditional delete once, but retries a guarded one", () =>
    withStore(async (server, store) => {
      const { generation } = await store.put("LC/d.json", json([]));
      server.failNext(1, { status: 503, when: isDelete });
      await expect(store.delete("LC/d.json")).rejects.toBeInstanceOf(StoreUnavailableError);
      server.failNext(1, { status: 503, when: isDelete });
      await store.delete("LC/d.json", { ifGenerationMatch: generation });
      expect(server.requests.filter(isDelete).map((r) => r.status)).toEqual([503, 503, 204]);
    }));

  it("still retries guarded puts after an unconditional one (the library switches retries off for good)", () =>
    withStore(async (server, store) => {
      await store.put("LC/first.json", json([]));
      server.failNext(1, { status: 503 });
      await store.put("MLC/m.json", json({}), { ifGenerationMatch: "0" });
      expect(inserts(server).map((r) => r.status)).toEqual([200, 503, 200]);
    }));

  it("maps a dropped connection on an unconditional put to StoreUnavailableError", () =>
    withStore(async (server, store) => {
      server.failNext(1, { reset: true });
      await expect(store.put("LC/reset.json", json([]))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(inserts(server)).toHaveLength(1);
    }));

  it("gives up on a stalled request after requestTimeoutMs, and retries it when it may", async () => {
    const server = await startFakeGcsServer();
    try {
      // A stalled request waits the whole timeout; the others must answer inside it, and at load 47
      // on 2 cores a loopback request outlasted 200 ms (a five-run series, 2026-12-06).
      const store = new GcsObjectStore({ bucket: "b", apiEndpoint: server.endpoint, retry: FAST_RETRY, requestTimeoutMs: 1_000 });
      server.failNext(1, { stall: true });
      await expect(store.put("LC/stalled.json", json([]))).rejects.toBeInstanceOf(StoreUnavailableError);
      server.failNext(1, { stall: true });
      await store.put("LC/stalled.json", json([]), { ifGenerationMatch: "0" });
      server.failNext(1, { stall: true });
      await expect(store.stat("LC/stalled.json")).resolves.toMatchObject({ size: 2 });
      expect(server.requests.map((r) => r.status)).toEqual([0, 0, 200, 0, 200]);
    } finally {
      await server.close();
    }
  });

  it("retries reads after a dropped connection and lists after a 500", () =>
    withStore(async (server, store) => {
      await store.put("LC/r.json", json([1]));
      server.failNext(1, { reset: true });
      expect((await store.get("LC/r.json")).data.toString()).toBe("[1]");
      server.failNext(1, { status: 500 });
      expect((await store.list({ prefix: "LC/" })).objects.map((o) => o.name)).toEqual(["LC/r.json"]);
      expect(server.requests.map((r) => [r.operation, r.status])).toEqual([
        ["objects.insert", 200],
        ["objects.get", 0],
        ["objects.get", 200],
        ["objects.get", 200],
        ["objects.list", 500],
        ["objects.list", 200],
      ]);
    }));

  it("gives up after maxRetries with StoreUnavailableError", async () => {
    const server = await startFakeGcsServer();
    try {
      const store = new GcsObjectStore({ bucket: "b", apiEndpoint: server.endpoint, retry: { ...FAST_RETRY, maxRetries: 1 } });
      server.failNext(2, { status: 503 });
      await expect(store.stat("LC/busy.json")).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(server.requests.map((r) => r.status)).toEqual([503, 503]);
    } finally {
      await server.close();
    }
  });

  it("maps 412 to PreconditionFailedError with the expected generation, and 404 to NotFoundError", () =>
    withStore(async (server, store) => {
      const { generation } = await store.put("MLC/p.json", json({}));
      const stale = String(BigInt(generation) - 1n);
      const error = await store.put("MLC/p.json", json({ b: 1 }), { ifGenerationMatch: stale }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PreconditionFailedError);
      expect(error).toMatchObject({ objectName: "MLC/p.json", expectedGeneration: stale });
      expect(inserts(server).map((r) => [r.objectName, r.status])).toEqual([
        ["MLC/p.json", 200],
        ["MLC/p.json", 412],
      ]);
      await expect(store.delete("MLC/p.json", { ifGenerationMatch: stale })).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(store.get("MLC/absent.json")).rejects.toThrow(new NotFoundError("MLC/absent.json"));
      await expect(store.delete("MLC/absent.json", { ifGenerationMatch: generation })).rejects.toBeInstanceOf(NotFoundError);
    }));

  it("does not retry a 412 or a 404", () =>
    withStore(async (server, store) => {
      await store.put("MLC/q.json", json({}));
      await expect(store.put("MLC/q.json", json({}), { ifGenerationMatch: "0" })).rejects.toBeInstanceOf(PreconditionFailedError);
      await expect(store.stat("MLC/none.json")).rejects.toBeInstanceOf(NotFoundError);
      expect(server.requests.map((r) => r.status)).toEqual([200, 412, 404]);
    }));

  it("downloads exactly the generation it stat'ed, and reads again when that generation vanished", () =>
    withStore(async (server, store) => {
      const { generation } = await store.put("MLC/g.json", json({ v: 1 }));
      const isMedia = (r: RecordedRequest) => r.operation === "objects.get" && r.query.alt === "media";
      // GCS answers 404 for a generation that was replaced in the meantime (bucket without versioning).
      server.failNext(1, { status: 404, when: isMedia });
      const got = await store.get("MLC/g.json");
      expect(got).toMatchObject({ generation, size: got.data.length });
      expect(server.requests.filter(isMedia).map((r) => [r.query.generation, r.status])).toEqual([
        [generation, 404],
        [generation, 200],
      ]);
    }));

  it("asks only for the metadata when the caller holds the current generation (getIfChanged)", () =>
    withStore(async (server, store) => {
      const { generation } = await store.put("MLC/h.json", json({ v: 1 }));
      server.requests.length = 0;
      expect(await store.getIfChanged("MLC/h.json", generation)).toBeUndefined();
      expect(server.requests.map((r) => [r.operation, r.query.alt ?? "json"])).toEqual([["objects.get", "json"]]);
    }));

  it("refuses bytes corrupted in transit (the download's CRC32C check stays on)", () =>
    withStore(async (server, store) => {
      await store.put("MLC/c.json", json({ points: [1, 2, 3] }));
      server.failNext(1, { corrupt: true, when: (r) => r.query.alt === "media" });
      await expect(store.get("MLC/c.json")).rejects.toThrow(StoreUnavailableError);
      expect((await store.get("MLC/c.json")).data.toString()).toBe('{"points":[1,2,3]}');
    }));

  it("keeps other requests alive when a download fails midway (the library would destroy their shared agent)", () =>
    withStore(async (server, store) => {
      await store.put("MLC/c.json", json({ points: [1] }));
      server.failNext(1, { delayMs: 500, when: (r) => r.operation === "objects.insert" });
      const slowPut = store.put("LC/slow.json", json([]));
      while (!server.requests.some((r) => r.objectName === "LC/slow.json")) await new Promise((resolve) => setTimeout(resolve, 5));
      server.failNext(1, { corrupt: true, when: (r) => r.query.alt === "media" });
      await expect(store.get("MLC/c.json")).rejects.toThrow(StoreUnavailableError);
      await expect(slowPut).resolves.toMatchObject({ name: "LC/slow.json" });
    }));

  it("rejects unsafe names before sending anything", () =>
    withStore(async (server, store) => {
      for (const name of ["../x", "/abs", "a//b", "nul\u0000"]) {
        await expect(store.put(name, json({}), { ifGenerationMatch: "0" })).rejects.toThrow(InvalidObjectNameError);
        await expect(store.get(name)).rejects.toThrow(InvalidObjectNameError);
        await expect(store.delete(name)).rejects.toThrow(InvalidObjectNameError);
      }
      expect(server.requests).toEqual([]);
    }));

  it("costs two requests per get, one per stat, put and delete", () =>
    withStore(async (server, store) => {
      await store.put("LC/c.json", json([]));
      await store.get("LC/c.json");
      await store.stat("LC/c.json");
      await store.delete("LC/c.json");
      expect(server.requests.map((r) => r.operation)).toEqual(["objects.insert", "objects.get", "objects.get", "objects.get", "objects.delete"]);
    }));

  it("escapes names with +, : and / so the server sees them unchanged", () =>
    withStore(async (server, store) => {
      const name = "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json";
      await store.put(name, json([{ time: "2016-07-02T09:18:28.837000" }]));
      expect((await store.get(name)).data.toString()).toContain("09:18:28");
      expect((await store.list({ prefix: "LC/PIC_J0326137+295015/" })).objects.map((o) => o.name)).toEqual([name]);
      await store.delete(name);
      expect(server.requests.map((r) => r.objectName ?? r.query.prefix)).toEqual([name, name, name, "LC/PIC_J0326137+295015/", name]);
    }));

  it("sends the CRC32C and the content type with a single-request upload", () =>
    withStore(async (server, store) => {
      await store.put("MLC/t.json", json({}));
      await store.put("PSC/PAN000/108715/2016-07-02T09:18:28.837000/PIC_J0326137+295015.fits", Buffer.alloc(2880), {
        contentType: "application/fits",
      });
      // CRC32C of "{}" and of 2880 zero bytes, base64 of the big-endian value, as GCS encodes it.
      expect(inserts(server).map((r) => [r.query.uploadType, r.uploadMetadata?.contentType, r.uploadMetadata?.crc32c])).toEqual([
        ["multipart", "application/json", crc32cBase64(json({}))],
        ["multipart", "application/fits", crc32cBase64(Buffer.alloc(2880))],
      ]);
    }));

  it("rejects invalid page sizes and caps large ones at 1000", () =>
    withStore(async (server, store) => {
      await expect(store.list({ maxResults: 0 })).rejects.toThrow(/maxResults/);
      await store.list({ maxResults: 5000 });
      expect(server.requests.map((r) => r.query.maxResults)).toEqual(["1000"]);
    }));

  it("refuses a back-off cap below the library's 1 s minimum", () => {
    expect(() => new GcsObjectStore({ bucket: "b", retry: { maxRetryDelayS: 0.01 } })).toThrow(/maxRetryDelayS/);
  });

  it("is what openObjectStore opens for a gs:// URL with an API endpoint", () =>
    withStore(async (server) => {
      const opened = openObjectStore("gs://piaa-open/", { gcsApiEndpoint: server.endpoint });
      expect(opened).toBeInstanceOf(GcsObjectStore);
      expect([opened.url, opened.bucket]).toEqual(["gs://piaa-open", "piaa-open"]);
      await opened.put("MLC/o.json", json({}));
      expect((await opened.stat("MLC/o.json")).size).toBe(2);
    }));
});
