/**
 * spacedWritesObjectStore with its default sleep (a timer: the write waits on it, the caller's
 * promise resolves only once it has fired), and the sweep of its memory past 10,000 names, which
 * may forget only names whose wait is over: one written more than the interval but less than the
 * interval plus the clock-skew margin ago still waits out the margin.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { CLOCK_SKEW_MARGIN_MS, spacedWritesObjectStore } from "../../../runtime/combiner/spacedWritesObjectStore.js";
import type { ObjectStat, ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { memoryObjectStore } from "../../explore/memoryObjectStore.js";

const INTERVAL_MS = 1000;
const bytes = (text: string) => Buffer.from(text);

afterEach(() => {
  vi.useRealTimers();
});

describe("spacedWritesObjectStore, timers and sweep", () => {
  it("with the default sleep, resolves a second write only when its timer has waited out the interval", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const inner = memoryObjectStore();
    const clock = { nowMs: 0 };
    const store = spacedWritesObjectStore(inner, { intervalMs: INTERVAL_MS, now: () => clock.nowMs });
    const first = await store.put("MLC/PIC_A.json", bytes("a"));
    clock.nowMs = first.updated.getTime();
    let written = false;
    const second = store.put("MLC/PIC_A.json", bytes("a2")).then(() => (written = true));
    await vi.advanceTimersByTimeAsync(INTERVAL_MS + CLOCK_SKEW_MARGIN_MS - 1);
    expect(written).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await second;
    expect(written).toBe(true);
  });

  it("after sweeping, still waits for a name written just over the interval ago, within the margin", async () => {
    const inner = memoryObjectStore();
    const recent = await inner.put("MLC/PIC_HOT.json", bytes("hot"));
    const oldStat = (name: string): ObjectStat => ({ name, generation: "1", size: 1, updated: new Date(recent.updated.getTime() - 10 * INTERVAL_MS) });
    const many: ObjectStore = Object.create(inner, { stat: { value: async (name: string) => (name.startsWith("MLC/OLD_") ? oldStat(name) : inner.stat(name)) } });
    const clock = { nowMs: recent.updated.getTime() + INTERVAL_MS + 10 };
    const slept: number[] = [];
    const store = spacedWritesObjectStore(many, { intervalMs: INTERVAL_MS, now: () => clock.nowMs, sleep: async (ms) => void slept.push(ms) });
    await store.stat("MLC/PIC_HOT.json");
    for (let i = 0; i <= 10_000; i++) await store.stat(`MLC/OLD_${i}.json`);
    await store.put("MLC/PIC_HOT.json", bytes("hot 2"));
    expect(slept).toEqual([CLOCK_SKEW_MARGIN_MS - 10]);
  });
});
