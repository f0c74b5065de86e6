/**
 * What callers of the coalescer are told when things go wrong: a batch that answers the wrong
 * number of changes, a full queue and a draining one (the messages and fields the 503 is built
 * from), and the pending count while a batch is in flight.
 */
import { describe, expect, it } from "vitest";
import { createCoalescer } from "../../../runtime/combiner/coalescer.js";
import { OverloadedError } from "../../../runtime/core/errors.js";

describe("createCoalescer refusals and accounting", () => {
  it("fails every change of a batch that answers the wrong number of changes, naming the key, and goes on", async () => {
    let short = true;
    const queue = createCoalescer<number, number>({
      windowMs: 0,
      maxPending: 10,
      retryAfterS: 1,
      applyBatch: async (_key, changes) => (short ? changes.slice(1) : changes),
    });
    const results = await Promise.allSettled([queue.submit("k", 1), queue.submit("k", 2)]);
    expect(results.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "fulfilled"))).toEqual([
      "applyBatch returned 1 outcomes for 2 changes of k",
      "applyBatch returned 1 outcomes for 2 changes of k",
    ]);
    expect(queue.pending).toBe(0);
    short = false;
    await expect(queue.submit("k", 3)).resolves.toBe(3);
  });

  it("refuses past the bound with the key, the count and the limit, and accepts up to it", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const queue = createCoalescer<number, number>({
      windowMs: 0,
      maxPending: 2,
      retryAfterS: 9,
      applyBatch: async (_key, changes) => {
        await held;
        return changes;
      },
    });
    const accepted = [queue.submit("a", 1), queue.submit("b", 2)];
    expect(queue.pending).toBe(2);
    const refused = queue.submit("c", 3);
    await expect(refused).rejects.toBeInstanceOf(OverloadedError);
    await expect(refused).rejects.toMatchObject({ objectName: "c", retryAfterS: 9, message: "overloaded: 2 segments already queued (limit 2)" });
    release();
    await expect(Promise.all(accepted)).resolves.toEqual([1, 2]);
    expect(queue.pending).toBe(0);
  });

  it("while draining refuses with the key and Retry-After, and drains an idle queue at once", async () => {
    const queue = createCoalescer<number, number>({ windowMs: 0, maxPending: 10, retryAfterS: 4, applyBatch: async (_key, changes) => changes });
    expect(queue.draining).toBe(false);
    await queue.drain();
    expect(queue.draining).toBe(true);
    await expect(queue.submit("star", 1)).rejects.toMatchObject({ objectName: "star", retryAfterS: 4, message: "overloaded: the combiner is shutting down" });
    expect(queue.pending).toBe(0);
  });

  it("counts a change as pending until its own batch is answered, over all keys", async () => {
    const releases: (() => void)[] = [];
    const queue = createCoalescer<number, number>({
      windowMs: 0,
      maxPending: 10,
      retryAfterS: 1,
      applyBatch: (_key, changes) => new Promise((resolve) => releases.push(() => resolve(changes))),
    });
    const first = queue.submit("a", 1);
    const second = queue.submit("b", 2);
    const third = queue.submit("b", 3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(queue.pending).toBe(3);
    expect(releases).toHaveLength(2);
    releases[1]!();
    await expect(Promise.all([second, third])).resolves.toEqual([2, 3]);
    expect(queue.pending).toBe(1);
    releases[0]!();
    await expect(first).resolves.toBe(1);
    expect(queue.pending).toBe(0);
  });
});
