/**
 * Writes of one object name kept a second apart against the fake Cloud Storage server's mutation
 * limit (one write per second per name, 429 past it: https://cloud.google.com/storage/quotas#objects),
 * on one clock shared by the server and the store so that nothing depends on real time: the
 * store's sleep advances it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CLOCK_SKEW_MARGIN_MS, spacedWritesObjectStore } from "../../../runtime/combiner/spacedWritesObjectStore.js";
import { GcsObjectStore } from "../../../runtime/core/store/gcsObjectStore.js";
import { startFakeGcsServer, type FakeGcsServer } from "../core/store/fakeGcsServer.js";

let server: FakeGcsServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const bytes = (text: string) => Buffer.from(text);

async function setUp() {
  let nowMs = 1_700_000_000_000;
  const clock = { now: () => nowMs, advance: (ms: number) => void (nowMs += ms) };
  server = await startFakeGcsServer({ mutationIntervalMs: 1000, now: clock.now });
  const slept: number[] = [];
  // One store per replica, each with its own memory of what it saw, over one bucket; no client retries.
  const replica = () =>
    spacedWritesObjectStore(new GcsObjectStore({ bucket: "piaa-test", apiEndpoint: server!.endpoint, retry: { maxRetries: 0 } }), {
      intervalMs: 1000,
      now: clock.now,
      sleep: async (ms) => {
        slept.push(ms);
        clock.advance(ms);
      },
    });
  return { clock, slept, replica };
}

describe("spacedWritesObjectStore", () => {
  it("waits out the rest of the interval since its own last write of a name, and the write is not refused", async () => {
    const { clock, slept, replica } = await setUp();
    const store = replica();
    const first = await store.put("MLC/PIC_A.json", bytes("one"), { ifGenerationMatch: "0" });
    clock.advance(300);
    const second = await store.put("MLC/PIC_A.json", bytes("two"), { ifGenerationMatch: first.generation });
    expect(slept).toEqual([700 + CLOCK_SKEW_MARGIN_MS]);
    expect((await store.get("MLC/PIC_A.json")).data.toString()).toBe("two");
    expect(second.updated.getTime() - first.updated.getTime()).toBe(1000 + CLOCK_SKEW_MARGIN_MS);
    expect(server!.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it("waits for a version another replica wrote, once it has read it", async () => {
    const { clock, slept, replica } = await setUp();
    const [a, b] = [replica(), replica()];
    await a.put("MLC/PIC_B.json", bytes("from a"));
    clock.advance(100);
    const read = await b.get("MLC/PIC_B.json");
    await b.put("MLC/PIC_B.json", bytes("from b"), { ifGenerationMatch: read.generation });
    expect(slept).toEqual([900 + CLOCK_SKEW_MARGIN_MS]);
    expect(server!.requests.filter((r) => r.status === 429)).toEqual([]);
  });

  it("does not wait for a name it has not seen written within the interval, nor for other names", async () => {
    const { clock, slept, replica } = await setUp();
    const store = replica();
    await store.put("MLC/PIC_C.json", bytes("doc"));
    await store.put("MLC/PIC_C/0001.json", bytes("chunk"));
    await store.put("MLC/PIC_D.json", bytes("doc"));
    clock.advance(1000 + CLOCK_SKEW_MARGIN_MS);
    await store.put("MLC/PIC_C.json", bytes("doc 2"));
    await store.delete("MLC/PIC_C/0001.json");
    expect(slept).toEqual([]);
  });

  it("is what stands between two quick writes and Cloud Storage's 429", async () => {
    const { clock, replica } = await setUp();
    const unspaced = new GcsObjectStore({ bucket: "piaa-test", apiEndpoint: server!.endpoint, retry: { maxRetries: 0 } });
    await unspaced.put("MLC/PIC_E.json", bytes("one"));
    clock.advance(300);
    await expect(unspaced.put("MLC/PIC_E.json", bytes("two"))).rejects.toThrow();
    expect(server!.requests.at(-1)).toMatchObject({ operation: "objects.insert", status: 429 });
    await expect(replica().delete("MLC/PIC_E.json")).rejects.toThrow();
    expect(server!.requests.at(-1)?.status).toBe(429);
  });
});
