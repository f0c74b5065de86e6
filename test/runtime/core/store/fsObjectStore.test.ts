import { execFileSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidObjectNameError, InvalidRequestError, NotFoundError } from "../../../../runtime/core/errors.js";
import { FsObjectStore, generationOf } from "../../../../runtime/core/store/fsObjectStore.js";
import { describeObjectStoreContract } from "./objectStoreContract.js";

const SAMPLE_2016 = "/work/shared/reference/2016-sample";
const SAMPLE_LC = "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json";

describeObjectStoreContract("filesystem", async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-contract-"));
  return { store: new FsObjectStore({ root }), close: () => fs.rm(root, { recursive: true, force: true }) };
});

let scratch: string;
let root: string;
let store: FsObjectStore;

beforeEach(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-"));
  root = path.join(scratch, "bucket");
  store = new FsObjectStore({ root });
});
afterEach(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

describe("FsObjectStore over plain files", () => {
  it("names itself after its root", () => {
    expect(store.bucket).toBe("bucket");
    expect(store.url).toBe(`file://${root}`);
  });

  it("reads and lists a 2016 file copied in by hand, with the file's own mtime as generation", async () => {
    const target = path.join(root, SAMPLE_LC);
    await fs.mkdir(path.dirname(target), { recursive: true });
    execFileSync("cp", ["-p", path.join(SAMPLE_2016, SAMPLE_LC), target]);
    const mtimeNs = (await fs.stat(target, { bigint: true })).mtimeNs;

    const got = await store.get(SAMPLE_LC);
    expect(got.data.equals(await fs.readFile(path.join(SAMPLE_2016, SAMPLE_LC)))).toBe(true);
    expect(got.generation).toBe((mtimeNs / 1000n).toString());
    const listed = [];
    for await (const object of store.listAll("LC/")) listed.push(object);
    expect(listed).toEqual([{ name: SAMPLE_LC, generation: got.generation, size: got.size, updated: got.updated }]);
  });

  it("sees an overwrite by another tool as a new generation", async () => {
    const first = await store.put("MLC/x.json", Buffer.from("1"));
    await fs.writeFile(path.join(root, "MLC/x.json"), "changed by hand");
    await fs.utimes(path.join(root, "MLC/x.json"), new Date(), new Date(Date.now() + 1000));
    const second = await store.get("MLC/x.json");
    expect(second.data.toString()).toBe("changed by hand");
    expect(BigInt(second.generation) > BigInt(first.generation)).toBe(true);
  });

  it("stamps the written file's mtime with the generation it returns", async () => {
    const put = await store.put("a/b", Buffer.from("x"));
    expect(generationOf(await fs.stat(path.join(root, "a/b"), { bigint: true }))).toBe(put.generation);
  });

  it("issues strictly increasing generations across rapid overwrites and delete + re-create", async () => {
    const generations: bigint[] = [];
    for (let i = 0; i < 20; i++) {
      generations.push(BigInt((await store.put("g", Buffer.from(String(i)))).generation));
      if (i % 5 === 4) await store.delete("g");
    }
    for (let i = 1; i < generations.length; i++) expect(generations[i]! > generations[i - 1]!).toBe(true);
  });

  it("keeps the generation above a previous one that lies in the future", async () => {
    await store.put("future", Buffer.from("1"));
    const inAYear = new Date(Date.now() + 365 * 86_400_000);
    await fs.utimes(path.join(root, "future"), inAYear, inAYear);
    const before = BigInt((await store.stat("future")).generation);
    const after = BigInt((await store.put("future", Buffer.from("2"))).generation);
    expect(after).toBe(before + 1n);
    const other = BigInt((await store.put("present", Buffer.from("3"))).generation);
    expect(other < before).toBe(true);
  });

  it("lists in byte order: a file a-c sorts before the folder a/", async () => {
    for (const name of ["a/b", "a-c", "a0", "b", "a/c/d"]) await store.put(name, Buffer.from(name));
    const page = await store.list();
    expect(page.objects.map((o) => o.name)).toEqual(["a-c", "a/b", "a/c/d", "a0", "b"]);
  });

  it("lists a prefix that ends inside a name, page by page across folders", async () => {
    const names = ["LC/PIC_J03/x", "LC/PIC_J0326/a", "LC/PIC_J0326/b", "LC/PIC_J04/y", "LC/PIC_K/z"];
    for (const name of names) await store.put(name, Buffer.from("."));
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.list({ prefix: "LC/PIC_J0", maxResults: 2, pageToken });
      expect(page.objects.length).toBeLessThanOrEqual(2);
      seen.push(...page.objects.map((o) => o.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(names.slice(0, 4));
  });

  it("never lists its internal directory, and rejects bad page tokens and sizes", async () => {
    await store.put("x", Buffer.from("1"));
    await fs.mkdir(path.join(root, ".piaa/tmp"), { recursive: true });
    await fs.writeFile(path.join(root, ".piaa/tmp/leftover"), "half");
    expect((await store.list()).objects.map((o) => o.name)).toEqual(["x"]);
    expect((await store.list({ prefix: ".piaa/" })).objects).toEqual([]);
    await expect(store.list({ pageToken: "not*base64" })).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(store.list({ maxResults: 0 })).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it("answers NotFound (not an error) before the root exists, and empty pages", async () => {
    await expect(store.get("LC/x.json")).rejects.toBeInstanceOf(NotFoundError);
    await expect(store.delete("LC/x.json")).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.list()).toEqual({ objects: [] });
  });

  it("refuses an object and a folder of the same name, naming the object", async () => {
    await store.put("a", Buffer.from("1"));
    await expect(store.put("a/b", Buffer.from("2"))).rejects.toThrow(/"a\/b".*folder/);
    await store.put("c/d", Buffer.from("1"));
    await expect(store.put("c", Buffer.from("2"))).rejects.toBeInstanceOf(InvalidObjectNameError);
    expect((await store.get("c/d")).data.toString()).toBe("1");
  });

  it("prunes the empty folders a delete leaves, but not the root", async () => {
    await store.put("LC/p/u/c/s.json", Buffer.from("1"));
    await store.put("LC/q.json", Buffer.from("1"));
    await store.delete("LC/p/u/c/s.json");
    expect(await fs.readdir(path.join(root, "LC"))).toEqual(["q.json"]);
    await store.delete("LC/q.json");
    expect((await fs.readdir(root)).filter((e) => e !== ".piaa")).toEqual([]);
  });

  it("reports filesystem failures as StoreUnavailableError naming the object", async () => {
    await fs.writeFile(root, "a file where the bucket directory should be");
    await expect(store.put("LC/x.json", Buffer.from("1"))).rejects.toThrow(/unavailable for LC\/x\.json/);
    await expect(store.get("LC/x.json")).rejects.toBeInstanceOf(NotFoundError);
  });
});
