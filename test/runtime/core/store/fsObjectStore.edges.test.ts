/**
 * The filesystem store's less common answers: a folder where an object is asked for, a bucket
 * that does not exist yet, the page size and page token checks and the last page, the lock
 * timings it is given, and what a read leaves open (its descriptor closed) and a stale
 * compare-and-swap leaves behind (no temp file: it is refused before the write's fsync).
 */
import fsSync, { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidRequestError, NotFoundError, PreconditionFailedError, StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { acquireObjectLock } from "../../../../runtime/core/store/fsObjectLock.js";
import { internalDirs } from "../../../../runtime/core/store/fsObjectPaths.js";
import { FsObjectStore } from "../../../../runtime/core/store/fsObjectStore.js";
import { recordCalls } from "./fsInterleave.js";

let scratch: string;
let root: string;
let store: FsObjectStore;

beforeEach(async () => {
  scratch = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-edges-")));
  root = path.join(scratch, "bucket");
  store = new FsObjectStore({ root });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(scratch, { recursive: true, force: true });
});

/** What descriptor `fd` of this process is open on now, if it is open (Linux's /proc). */
function openedFile(fd: number): string | undefined {
  try {
    return fsSync.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

const names = (page: { objects: { name: string }[] }) => page.objects.map((o) => o.name);

describe("FsObjectStore, less common answers", () => {
  it("answers NotFoundError for a folder asked for as an object, by get and by stat", async () => {
    await store.put("LC/a/x.json", Buffer.from("x"));
    await expect(store.get("LC/a")).rejects.toThrow(new NotFoundError("LC/a"));
    await expect(store.stat("LC/a")).rejects.toThrow(new NotFoundError("LC/a"));
  });

  it("closes the descriptor of every read, found or not", async () => {
    await store.put("LC/a/x.json", Buffer.from("x"));
    const opened = recordCalls(fsSync, "openSync");
    await store.get("LC/a/x.json");
    await store.getIfChanged("LC/a/x.json", "1");
    await expect(store.get("LC/a")).rejects.toBeInstanceOf(NotFoundError);
    const descriptors = opened.filter((call) => String(call.first).startsWith(path.join(root, "LC"))).map((call) => call.result as number);
    expect(descriptors).toHaveLength(3);
    for (const fd of descriptors) expect(openedFile(fd) ?? "closed").not.toMatch(/bucket\/LC\/a/);
  });

  it("lists nothing in a bucket whose folder does not exist yet", async () => {
    expect(await store.list()).toEqual({ objects: [] });
    expect(await store.list({ prefix: "LC/" })).toEqual({ objects: [] });
  });

  it("gives a page token only while more objects follow", async () => {
    for (const name of ["LC/1.json", "LC/2.json"]) await store.put(name, Buffer.from(name));
    const first = await store.list({ maxResults: 1 });
    expect(names(first)).toEqual(["LC/1.json"]);
    expect(first.nextPageToken).toBeDefined();
    const last = await store.list({ maxResults: 1, pageToken: first.nextPageToken });
    expect(last).toEqual({ objects: [expect.objectContaining({ name: "LC/2.json" })] });
    expect(await store.list({ maxResults: 2 })).not.toHaveProperty("nextPageToken");
  });

  it("refuses a page size below 1 and a page token it did not issue, naming the field and the value", async () => {
    const bad = await store.list({ maxResults: 0 }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(InvalidRequestError);
    expect(bad).toMatchObject({ objectName: "maxResults", message: "invalid request: maxResults: 0 is not a positive integer" });
    const empty = await store.list({ pageToken: "" }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(InvalidRequestError);
    expect(empty).toMatchObject({ objectName: "pageToken", message: 'invalid request: pageToken: "" is not a page token of this store' });
  });

  it("waits for a busy lock only as long as its lock timings say", async () => {
    await store.put("MLC/m.json", Buffer.from("1"));
    const held = await acquireObjectLock(internalDirs(root), "MLC/m.json");
    try {
      const impatient = new FsObjectStore({ root, lock: { timeoutMs: 50 } });
      await expect(impatient.put("MLC/m.json", Buffer.from("2"))).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      await held.release();
    }
    expect((await store.get("MLC/m.json")).data.toString()).toBe("1");
  });

  it("refuses a stale compare-and-swap before writing a temp file", async () => {
    const { generation } = await store.put("MLC/m.json", Buffer.from("1"));
    await store.put("MLC/m.json", Buffer.from("2"));
    const opened = recordCalls(fsSync, "openSync");
    await expect(store.put("MLC/m.json", Buffer.from("3"), { ifGenerationMatch: generation })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect(opened.filter((call) => String(call.first).startsWith(internalDirs(root).tmp))).toEqual([]);
  });
});
