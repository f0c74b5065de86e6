/**
 * countingObjectStore as the benchmarks use it, with no observer: calls still succeed and fail
 * as the inner store's do; and getIfChanged hands back the object when its generation moved.
 */
import { describe, expect, it } from "vitest";
import { countingObjectStore } from "../../../runtime/combiner/countingObjectStore.js";
import { NotFoundError } from "../../../runtime/core/errors.js";
import { scratchBuckets } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-counting-mutants-");

describe("countingObjectStore without an observer", () => {
  it("forwards results and the inner store's own errors, counting each call", async () => {
    const store = countingObjectStore(freshStore());
    const { generation } = await store.put("LC/a.json", Buffer.from("1"));
    expect((await store.stat("LC/a.json")).generation).toBe(generation);
    await expect(store.get("LC/missing.json")).rejects.toBeInstanceOf(NotFoundError);
    expect(store.counts).toMatchObject({ put: 1, stat: 1, get: 1, preconditionFailed: 0 });
  });

  it("returns the object from getIfChanged once its generation moved, counted as a get", async () => {
    const store = countingObjectStore(freshStore());
    const first = await store.put("MLC/x.json", Buffer.from("old"));
    const second = await store.put("MLC/x.json", Buffer.from("new"));
    const changed = await store.getIfChanged("MLC/x.json", first.generation);
    expect(changed?.generation).toBe(second.generation);
    expect(Buffer.from(changed!.data).toString()).toBe("new");
    expect(store.counts.get).toBe(1);
  });
});
