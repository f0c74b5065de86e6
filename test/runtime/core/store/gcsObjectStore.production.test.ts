/**
 * GcsObjectStore against the fake GCS server behaving as PIAA's production bucket does: versioned
 * (infra/components/dataBucket.ts), with short list pages, the one-write-per-second limit per
 * object name and transient 503s (each documented in fakeGcsBucket.ts and fakeGcsServer.ts).
 */
import { describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { GcsObjectStore, type GcsRetryOptions } from "../../../../runtime/core/store/gcsObjectStore.js";
import { startFakeGcsServer, type FakeGcsServer, type FakeGcsServerOptions } from "./fakeGcsServer.js";
import { describeObjectStoreContract } from "./objectStoreContract.js";

/** The shortest back-off the library accepts (1 s per retry), and few retries. */
const FAST_RETRY: GcsRetryOptions = { maxRetries: 2, maxRetryDelayS: 1, retryDelayMultiplier: 1, totalTimeoutS: 10 };

async function open(options: FakeGcsServerOptions) {
  const server = await startFakeGcsServer(options);
  const store = new GcsObjectStore({ bucket: "piaa-versioned", apiEndpoint: server.endpoint, retry: FAST_RETRY });
  return { server, store, close: server.close };
}

describeObjectStoreContract("gcs (fake JSON API, versioned bucket, list pages of 2)", () => open({ versioned: true, listPageSize: 2 }));

async function withStore(options: FakeGcsServerOptions, test: (server: FakeGcsServer, store: GcsObjectStore) => Promise<void>): Promise<void> {
  const { server, store, close } = await open(options);
  try {
    await test(server, store);
  } finally {
    await close();
  }
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe.concurrent("GcsObjectStore on a bucket that behaves as production", () => {
  it("lists every object once across pages shorter than asked for", () =>
    withStore({ versioned: true, listPageSize: 3 }, async (server, store) => {
      const names = Array.from({ length: 10 }, (_, i) => `LC/PIC_J0326137+295015/PAN000/1087${i}/2016-07-02T09:18:28.837000.json`);
      for (const name of names) await store.put(name, json([]));
      await store.put(names[4]!, json([1]));
      const listed: string[] = [];
      for await (const stat of store.listAll("LC/")) listed.push(stat.name);
      expect(listed).toEqual(names);
      const first = await store.list({ prefix: "LC/", maxResults: 5 });
      expect([first.objects.length, typeof first.nextPageToken]).toEqual([3, "string"]);
      expect(server.requests.filter((r) => r.operation === "objects.list")).toHaveLength(5);
    }));

  it("retries a guarded write refused with 429 by the per-object mutation limit, and the write lands", () =>
    withStore({ versioned: true, mutationIntervalMs: 1000 }, async (server, store) => {
      const first = await store.put("MLC/PIC_J0326137+295015.json", json({ v: 1 }), { ifGenerationMatch: "0" });
      const second = await store.put("MLC/PIC_J0326137+295015.json", json({ v: 2 }), { ifGenerationMatch: first.generation });
      expect(server.requests.filter((r) => r.operation === "objects.insert").map((r) => r.status)).toEqual([200, 429, 200]);
      const got = await store.get("MLC/PIC_J0326137+295015.json");
      expect([got.generation, got.data.toString()]).toEqual([second.generation, '{"v":2}']);
    }));

  it("reports a 429 on an unguarded write as StoreUnavailableError, sent once (it may not be repeated blindly)", () =>
    withStore({ mutationIntervalMs: 1000 }, async (server, store) => {
      await store.put("LC/x.json", json([]));
      const error = await store.put("LC/x.json", json([1])).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      expect(String(error)).toMatch(/LC\/x\.json.*429/);
      expect(server.requests.map((r) => r.status)).toEqual([200, 429]);
    }));

  it("reads, lists and guarded writes succeed through a seeded 20% of 503 answers", () =>
    withStore({ versioned: true, listPageSize: 2, unavailableRate: 0.2, unavailableSeed: 11 }, async (server, store) => {
      const names = ["a", "b", "c", "d", "e", "f"].map((n) => `MLC/${n}.json`);
      for (const name of names) await store.put(name, json({ name }), { ifGenerationMatch: "0" });
      const listed: string[] = [];
      for await (const stat of store.listAll("MLC/")) listed.push(stat.name);
      expect(listed).toEqual(names);
      for (const name of names) expect(JSON.parse((await store.get(name)).data.toString())).toEqual({ name });
      expect(server.requests.filter((r) => r.status === 503).length).toBeGreaterThan(0);
    }));

  it("reads the generation it stat'ed even when the object is replaced in between (the old one stays readable)", () =>
    withStore({ versioned: true }, async (server, store) => {
      const first = await store.put("MLC/race.json", json({ v: 1 }));
      // The download of the stat'ed generation is performed only once an overwrite has landed.
      server.failNext(1, { when: (r) => r.query.alt === "media", before: () => store.put("MLC/race.json", json({ v: 2 })) });
      const got = await store.get("MLC/race.json");
      expect([got.generation, got.data.toString()]).toEqual([first.generation, '{"v":1}']);
      expect(server.requests.filter((r) => r.query.alt === "media").map((r) => r.status)).toEqual([200]);
      expect((await store.get("MLC/race.json")).data.toString()).toBe('{"v":2}');
    }));
});
