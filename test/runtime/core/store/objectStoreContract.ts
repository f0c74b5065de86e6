/**
 * The ObjectStore contract, run against every adapter (filesystem, GCS over a fake JSON API):
 * the same semantics that the merge logic relies on, whatever the bucket is.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NotFoundError, PreconditionFailedError, InvalidObjectNameError } from "../../../../runtime/core/errors.js";
import type { ObjectStore } from "../../../../runtime/core/store/objectStore.js";

export interface StoreFixture {
  store: ObjectStore;
  close(): Promise<void>;
}

const bytes = (s: string) => Buffer.from(s, "utf8");

export function describeObjectStoreContract(adapter: string, open: () => Promise<StoreFixture>): void {
  describe(`ObjectStore contract: ${adapter}`, () => {
    let fixture: StoreFixture;
    let store: ObjectStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.close();
    });

    it("returns what was put, with a generation", async () => {
      const stat = await store.put("LC/a.json", bytes("hello"));
      expect(stat.generation).toMatch(/^[1-9]\d*$/);
      expect(stat.size).toBe(5);
      const got = await store.get("LC/a.json");
      expect(got.data.toString()).toBe("hello");
      expect(got.generation).toBe(stat.generation);
      expect((await store.stat("LC/a.json")).generation).toBe(stat.generation);
    });

    it("gives each overwrite a larger generation", async () => {
      const first = await store.put("x/o", bytes("1"));
      const second = await store.put("x/o", bytes("22"));
      expect(BigInt(second.generation) > BigInt(first.generation)).toBe(true);
      expect((await store.get("x/o")).data.toString()).toBe("22");
    });

    it("answers NotFoundError for absent objects, naming them", async () => {
      await expect(store.get("MLC/none.json")).rejects.toBeInstanceOf(NotFoundError);
      await expect(store.stat("MLC/none.json")).rejects.toThrow(/MLC\/none\.json/);
      await expect(store.delete("MLC/none.json")).rejects.toBeInstanceOf(NotFoundError);
    });

    it("reads again only once the generation moved on (getIfChanged)", async () => {
      const first = await store.put("MLC/held.json", bytes("one"));
      expect(await store.getIfChanged("MLC/held.json", first.generation)).toBeUndefined();
      const second = await store.put("MLC/held.json", bytes("two"));
      const changed = await store.getIfChanged("MLC/held.json", first.generation);
      expect(changed?.data.toString()).toBe("two");
      expect(changed?.generation).toBe(second.generation);
      await expect(store.getIfChanged("MLC/none.json", first.generation)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("creates only when ifGenerationMatch is 0", async () => {
      await store.put("c", bytes("first"), { ifGenerationMatch: "0" });
      const attempt = store.put("c", bytes("second"), { ifGenerationMatch: "0" });
      await expect(attempt).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await store.get("c")).data.toString()).toBe("first");
    });

    it("compares and swaps on generation", async () => {
      const g1 = await store.put("cas", bytes("1"));
      const g2 = await store.put("cas", bytes("2"), { ifGenerationMatch: g1.generation });
      await expect(store.put("cas", bytes("3"), { ifGenerationMatch: g1.generation })).rejects.toThrow(PreconditionFailedError);
      expect((await store.get("cas")).data.toString()).toBe("2");
      await expect(store.put("absent", bytes("x"), { ifGenerationMatch: g2.generation })).rejects.toThrow(PreconditionFailedError);
    });

    it("deletes, conditionally when asked", async () => {
      const g = await store.put("d", bytes("1"));
      await expect(store.delete("d", { ifGenerationMatch: String(BigInt(g.generation) + 1n) })).rejects.toThrow(
        PreconditionFailedError,
      );
      await store.delete("d", { ifGenerationMatch: g.generation });
      await expect(store.get("d")).rejects.toBeInstanceOf(NotFoundError);
      const again = await store.put("d", bytes("2"), { ifGenerationMatch: "0" });
      expect(BigInt(again.generation) > BigInt(g.generation)).toBe(true);
    });

    it("lists by prefix in name order, page by page", async () => {
      const names = Array.from({ length: 7 }, (_, i) => `LC/PIC_J0000000+000000/PAN000/00000${i}/o.json`);
      for (const name of [...names].reverse()) await store.put(name, bytes(name));
      await store.put("MLC/other.json", bytes("{}"));
      // A page holds at most maxResults objects and may hold fewer while more follow (Cloud Storage
      // documents no minimum): callers follow nextPageToken until it is absent.
      const pages: string[][] = [];
      let pageToken: string | undefined;
      do {
        const page = await store.list({ prefix: "LC/", maxResults: 3, pageToken });
        pages.push(page.objects.map((o) => o.name));
        pageToken = page.nextPageToken;
      } while (pageToken);
      expect(pages.every((page) => page.length <= 3)).toBe(true);
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(pages.flat()).toEqual(names);
      const all: string[] = [];
      for await (const o of store.listAll("LC/")) all.push(o.name);
      expect(all).toEqual(names);
      const none = await store.list({ prefix: "PSC/" });
      expect(none.objects).toEqual([]);
      expect(none.nextPageToken).toBeUndefined();
    });

    it("keeps bytes exactly, binary included", async () => {
      const data = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
      await store.put("PSC/bin.fits", data);
      expect(Buffer.compare((await store.get("PSC/bin.fits")).data, data)).toBe(0);
    });

    it.each(["../escape", "/abs", "a//b", "a/./b", "nul\u0000", ""])("rejects the unsafe name %j", async (name) => {
      await expect(store.put(name, bytes("x"))).rejects.toBeInstanceOf(InvalidObjectNameError);
      await expect(store.get(name)).rejects.toBeInstanceOf(InvalidObjectNameError);
    });
  });
}
