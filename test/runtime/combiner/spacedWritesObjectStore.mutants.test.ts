/**
 * What spacedWritesObjectStore learns a version's time from besides its own puts (a stat, a
 * changed getIfChanged, its own deletes), that an older version seen later does not shorten the
 * wait, and that sweeping its memory past 10,000 names keeps the names written within the
 * interval. On memoryObjectStore, whose `updated` is a logical clock in ms, with a fake clock and
 * a sleep that only records.
 */
import { describe, expect, it } from "vitest";
import { CLOCK_SKEW_MARGIN_MS, spacedWritesObjectStore } from "../../../runtime/combiner/spacedWritesObjectStore.js";
import type { ObjectStat, ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { memoryObjectStore, type MemoryObjectStore } from "../../explore/memoryObjectStore.js";

const INTERVAL_MS = 1000;
const bytes = (text: string) => Buffer.from(text);

function setUp(inner: ObjectStore = memoryObjectStore()) {
  const clock = { nowMs: 0 };
  const slept: number[] = [];
  const store = spacedWritesObjectStore(inner, {
    intervalMs: INTERVAL_MS,
    now: () => clock.nowMs,
    sleep: async (ms) => {
      slept.push(ms);
      clock.nowMs += ms;
    },
  });
  return { clock, slept, store };
}

describe("spacedWritesObjectStore, what it learns from", () => {
  it("waits after a version it only stat'ed or read with getIfChanged", async () => {
    const inner = memoryObjectStore();
    const { clock, slept, store } = setUp(inner);
    const a = await inner.put("MLC/PIC_A.json", bytes("a"));
    const b = await inner.put("MLC/PIC_B.json", bytes("b"));
    clock.nowMs = b.updated.getTime() + 200;
    await store.stat("MLC/PIC_A.json");
    expect(await store.getIfChanged("MLC/PIC_B.json", a.generation)).toBeDefined();
    await store.put("MLC/PIC_A.json", bytes("a2"));
    const waitA = a.updated.getTime() + INTERVAL_MS + CLOCK_SKEW_MARGIN_MS - (b.updated.getTime() + 200);
    expect(slept).toEqual([waitA]);
    await store.put("MLC/PIC_B.json", bytes("b2"));
    expect(slept).toHaveLength(2);
    expect(slept[1]).toBeGreaterThan(0);
  });

  it("learns nothing from a getIfChanged that finds the version unchanged, nor from a failed read", async () => {
    const inner = memoryObjectStore();
    const { clock, slept, store } = setUp(inner);
    const a = await inner.put("MLC/PIC_A.json", bytes("a"));
    clock.nowMs = a.updated.getTime() + 10;
    expect(await store.getIfChanged("MLC/PIC_A.json", a.generation)).toBeUndefined();
    await expect(store.stat("MLC/PIC_GONE.json")).rejects.toThrow();
    await store.put("MLC/PIC_GONE.json", bytes("new"));
    expect(slept).toEqual([]);
  });

  it("does not let an older version seen later shorten the wait", async () => {
    const inner = memoryObjectStore();
    const written = await inner.put("MLC/PIC_A.json", bytes("a"));
    const older: ObjectStat = { ...written, updated: new Date(written.updated.getTime() - 900) };
    const stale: ObjectStore = Object.create(inner, { stat: { value: async () => older } });
    const { clock, slept, store } = setUp(stale);
    clock.nowMs = written.updated.getTime();
    await store.get("MLC/PIC_A.json");
    await store.stat("MLC/PIC_A.json");
    await store.put("MLC/PIC_A.json", bytes("a2"));
    expect(slept).toEqual([INTERVAL_MS + CLOCK_SKEW_MARGIN_MS]);
  });

  it("counts its own delete as a write at this host's time", async () => {
    const inner: MemoryObjectStore = memoryObjectStore();
    await inner.put("MLC/PIC_A/0001.json", bytes("chunk"));
    const { clock, slept, store } = setUp(inner);
    clock.nowMs = 5_000_000;
    await store.delete("MLC/PIC_A/0001.json");
    clock.nowMs += 300;
    await store.put("MLC/PIC_A/0001.json", bytes("chunk again"));
    expect(slept).toEqual([INTERVAL_MS + CLOCK_SKEW_MARGIN_MS - 300]);
  });

  it("still waits for a name written within the interval after sweeping more than 10,000 old names", async () => {
    const inner = memoryObjectStore();
    const recent = await inner.put("MLC/PIC_HOT.json", bytes("hot"));
    // Every other name was last written long ago: the sweep may forget them, not the recent one.
    const oldStat = (name: string): ObjectStat => ({ name, generation: "1", size: 1, updated: new Date(recent.updated.getTime() - 10 * INTERVAL_MS) });
    const many: ObjectStore = Object.create(inner, { stat: { value: async (name: string) => (name.startsWith("MLC/OLD_") ? oldStat(name) : inner.stat(name)) } });
    const { clock, slept, store } = setUp(many);
    clock.nowMs = recent.updated.getTime() + 100;
    await store.stat("MLC/PIC_HOT.json");
    for (let i = 0; i <= 10_000; i++) await store.stat(`MLC/OLD_${i}.json`);
    await store.put("MLC/OLD_7.json", bytes("old"));
    expect(slept).toEqual([]);
    await store.put("MLC/PIC_HOT.json", bytes("hot 2"));
    expect(slept).toEqual([INTERVAL_MS + CLOCK_SKEW_MARGIN_MS - 100]);
  });

  it("forwards url, bucket and list as they are", async () => {
    const inner = memoryObjectStore("piaa-spaced");
    await inner.put("MLC/PIC_A.json", bytes("a"));
    const { store } = setUp(inner);
    expect([store.url, store.bucket]).toEqual([inner.url, "piaa-spaced"]);
    expect(await store.list({ prefix: "MLC/" })).toEqual(await inner.list({ prefix: "MLC/" }));
    const names: string[] = [];
    for await (const { name } of store.listAll("MLC/")) names.push(name);
    expect(names).toEqual(["MLC/PIC_A.json"]);
  });
});
