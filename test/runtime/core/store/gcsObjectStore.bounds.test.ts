/**
 * GcsObjectStore's bounds against the fake GCS server (fakeGcsServer.ts): how many times a read
 * tries again when the generation it stat'ed keeps vanishing, how many retries the retry options
 * allow (none, or exactly maxRetries), one list page per call, page sizes, a failed list named by
 * its bucket and prefix. Then answers Cloud Storage never gives, made by a loopback proxy that
 * rewrites the fake's object resources: one without generation or updated is refused, and an
 * upload answered with another CRC32C than the bytes sent is left alone (Cloud Storage verified
 * the CRC32C the store sent before storing anything: https://cloud.google.com/storage/docs/hashes-etags).
 */
import { createServer, request, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { InvalidRequestError, StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { GcsObjectStore, type GcsRetryOptions } from "../../../../runtime/core/store/gcsObjectStore.js";
import { startFakeGcsServer, type FakeGcsServer, type FakeGcsServerOptions, type RecordedRequest } from "./fakeGcsServer.js";

/** The shortest back-off the library accepts (1 s per retry). */
const FAST_RETRY: GcsRetryOptions = { maxRetries: 2, maxRetryDelayS: 1, retryDelayMultiplier: 1, totalTimeoutS: 10 };
const BUCKET = "piaa-bounds";

async function withStore(
  test: (server: FakeGcsServer, store: GcsObjectStore) => Promise<void>,
  { retry = FAST_RETRY, ...serverOptions }: FakeGcsServerOptions & { retry?: GcsRetryOptions } = {},
): Promise<void> {
  const server = await startFakeGcsServer(serverOptions);
  try {
    await test(server, new GcsObjectStore({ bucket: BUCKET, apiEndpoint: server.endpoint, retry }));
  } finally {
    await server.close();
  }
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const isMedia = (r: RecordedRequest) => r.operation === "objects.get" && r.query.alt === "media";
const isList = (r: RecordedRequest) => r.operation === "objects.list";

describe.concurrent("GcsObjectStore bounds", () => {
  it("gives up a read after three generations vanished under it, naming the object", () =>
    withStore(async (server, store) => {
      await store.put("MLC/v.json", json({}));
      server.failNext(3, { status: 404, when: isMedia });
      const read = store.get("MLC/v.json");
      await expect(read).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(read).rejects.toThrow("object store unavailable for MLC/v.json: object changed during each of 3 reads");
      expect(server.requests.filter(isMedia).map((r) => r.status)).toEqual([404, 404, 404]);
    }));

  it("sends a call once when maxRetries is 0", () =>
    withStore(
      async (server, store) => {
        await store.put("LC/once.json", json([]));
        server.failNext(1, { status: 503 });
        await expect(store.stat("LC/once.json")).rejects.toBeInstanceOf(StoreUnavailableError);
        expect(server.requests.map((r) => r.status)).toEqual([200, 503]);
      },
      { retry: { ...FAST_RETRY, maxRetries: 0 } },
    ));

  it("retries a call up to maxRetries times", () =>
    withStore(async (server, store) => {
      await store.put("LC/twice.json", json([]));
      server.failNext(2, { status: 503 });
      await expect(store.stat("LC/twice.json")).resolves.toMatchObject({ name: "LC/twice.json" });
      expect(server.requests.map((r) => r.status)).toEqual([200, 503, 503, 200]);
    }));

  it("answers one page per call, with the token of the next, when the server's pages are short", () =>
    withStore(
      async (server, store) => {
        for (const name of ["LC/1.json", "LC/2.json", "LC/3.json"]) await store.put(name, json([]));
        const page = await store.list({ prefix: "LC/" });
        expect(page.objects.map((o) => o.name)).toEqual(["LC/1.json", "LC/2.json"]);
        expect(page.nextPageToken).toBeDefined();
        expect(server.requests.filter(isList)).toHaveLength(1);
      },
      { listPageSize: 2 },
    ));

  it("accepts a page size of 1 and refuses 0, naming the field and the value, without a request", () =>
    withStore(async (server, store) => {
      await store.list({ maxResults: 1 });
      const refused = await store.list({ maxResults: 0 }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InvalidRequestError);
      expect(refused).toMatchObject({ objectName: "maxResults", message: "invalid request: maxResults: 0 is not a positive integer" });
      expect(server.requests.filter(isList).map((r) => r.query.maxResults)).toEqual(["1"]);
    }));

  it("names the bucket and the prefix of a list that failed", () =>
    withStore(async (server, store) => {
      server.failNext(2, { status: 403, when: isList });
      await expect(store.list({ prefix: "LC/" })).rejects.toMatchObject({ objectName: `gs://${BUCKET}/LC/` });
      await expect(store.list()).rejects.toMatchObject({ objectName: `gs://${BUCKET}/` });
    }));
});

/**
 * A loopback proxy to the fake whose JSON object resources (objects.get, objects.insert) pass
 * through `rewrite` first: an answer that breaks the Cloud Storage contract on purpose.
 */
async function startRewritingProxy(upstream: string, rewrite: (resource: Record<string, unknown>) => void) {
  const target = new URL(upstream);
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const forward = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => body.push(chunk));
        answer.on("end", () => {
          let data = Buffer.concat(body);
          const resource = String(answer.headers["content-type"]).startsWith("application/json") ? (JSON.parse(data.toString()) as Record<string, unknown>) : undefined;
          if (resource?.kind === "storage#object") {
            rewrite(resource);
            data = json(resource);
          }
          const headers: IncomingHttpHeaders = { ...answer.headers, "content-length": String(data.length) };
          delete headers["transfer-encoding"];
          res.writeHead(answer.statusCode ?? 502, headers).end(data);
        });
      });
      forward.on("error", () => res.socket?.destroy());
      forward.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => (proxy.closeAllConnections(), proxy.close(() => resolve()))),
  };
}

async function withRewrittenAnswers(rewrite: (resource: Record<string, unknown>) => void, test: (server: FakeGcsServer, direct: GcsObjectStore, rewritten: GcsObjectStore) => Promise<void>) {
  await withStore(async (server, direct) => {
    const proxy = await startRewritingProxy(server.endpoint, rewrite);
    try {
      await test(server, direct, new GcsObjectStore({ bucket: BUCKET, apiEndpoint: proxy.endpoint, retry: FAST_RETRY }));
    } finally {
      await proxy.close();
    }
  });
}

describe.concurrent("GcsObjectStore on answers Cloud Storage never gives", () => {
  const incomplete: [string, (resource: Record<string, unknown>) => void][] = [
    ["without generation", (resource) => delete resource.generation],
    ["with a null generation", (resource) => (resource.generation = null)],
    ["without updated", (resource) => delete resource.updated],
  ];
  it.each(incomplete)("refuses an object resource %s, naming the object", (_, rewrite) =>
    withRewrittenAnswers(rewrite, async (_server, direct, rewritten) => {
      await direct.put("MLC/r.json", json({}));
      const stat = rewritten.stat("MLC/r.json");
      await expect(stat).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(stat).rejects.toThrow("object store unavailable for MLC/r.json: GCS answered an object resource without generation or updated");
    }),
  );

  it("does not check (nor delete) an upload again: Cloud Storage checked the CRC32C sent with it", () =>
    withRewrittenAnswers(
      (resource) => (resource.crc32c = "AAAAAA=="),
      async (server, direct, rewritten) => {
        const stat = await rewritten.put("MLC/w.json", json({ kept: true }));
        expect((await direct.get("MLC/w.json")).data.toString()).toBe('{"kept":true}');
        expect(stat.generation).toBe((await direct.stat("MLC/w.json")).generation);
        expect(server.requests.filter((r) => r.operation === "objects.delete")).toEqual([]);
      },
    ));
});
