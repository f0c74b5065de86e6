/** forEachLimited: the in-flight bound, laziness, and the first failure stopping new work. */
import { describe, expect, it } from "vitest";
import { forEachLimited } from "../../../runtime/core/forEachLimited.js";

/** A task whose calls stay pending until released, recording how many run at once. */
function gatedTask() {
  const started: number[] = [];
  const pending: Array<{ item: number; settle: (error?: Error) => void }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const task = (item: number) =>
    new Promise<void>((resolve, reject) => {
      started.push(item);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push({ item, settle: (error) => (inFlight--, error ? reject(error) : resolve()) });
    });
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { task, started, pending, tick, maxInFlight: () => maxInFlight };
}

describe("forEachLimited", () => {
  it("keeps at most `limit` tasks in flight and runs every item", async () => {
    const gate = gatedTask();
    const done = forEachLimited([1, 2, 3, 4, 5], 2, gate.task);
    await gate.tick();
    expect(gate.started).toEqual([1, 2]);
    while (gate.pending.length > 0) {
      gate.pending.shift()!.settle();
      await gate.tick();
    }
    await done;
    expect(gate.started).toEqual([1, 2, 3, 4, 5]);
    expect(gate.maxInFlight()).toBe(2);
  });

  it("runs one at a time when the limit is 0 or negative rather than none", async () => {
    const seen: number[] = [];
    await forEachLimited([1, 2, 3], 0, async (item) => void seen.push(item));
    await forEachLimited([4], -3, async (item) => void seen.push(item));
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it("pulls items lazily: a generator is advanced only as tasks start", async () => {
    const gate = gatedTask();
    let pulled = 0;
    function* items() {
      for (let i = 1; i <= 4; i++) {
        pulled = i;
        yield i;
      }
    }
    const done = forEachLimited(items(), 1, gate.task);
    await gate.tick();
    expect(pulled).toBe(1);
    while (gate.pending.length > 0) {
      gate.pending.shift()!.settle();
      await gate.tick();
    }
    await done;
    expect(pulled).toBe(4);
  });

  it("after a failure starts no new item, lets those in flight settle, and throws the first failure", async () => {
    const gate = gatedTask();
    const done = forEachLimited([1, 2, 3, 4, 5], 2, gate.task);
    const outcome = done.then(
      () => "resolved",
      (error: Error) => error.message,
    );
    await gate.tick();
    gate.pending.shift()!.settle(new Error("item 1 failed"));
    await gate.tick();
    expect(gate.started).toEqual([1, 2]);
    let settled = false;
    void outcome.then(() => (settled = true));
    await gate.tick();
    expect(settled).toBe(false); // item 2 is still in flight
    gate.pending.shift()!.settle();
    await gate.tick();
    expect(gate.started).toEqual([1, 2]);
    expect(await outcome).toBe("item 1 failed");
  });

  it("resolves at once for no items", async () => {
    let calls = 0;
    await forEachLimited([], 4, async () => void calls++);
    expect(calls).toBe(0);
  });
});
