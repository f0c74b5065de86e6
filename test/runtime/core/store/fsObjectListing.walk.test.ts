/**
 * How the filesystem listing walks (fsObjectListing.ts): a folder removed or replaced by a file
 * while it is walked holds no objects and fails nothing; a folder or file that cannot be read
 * fails the listing with StoreUnavailableError naming it; a page reads only the folders it can
 * come from (not the store's internal folder, not a folder wholly before the page token) and stats
 * no more files than it needs (its objects and one to tell whether more follow).
 */
import fsSync, { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { FsObjectStore } from "../../../../runtime/core/store/fsObjectStore.js";
import { beforeFirstCall, errnoError, isPath, recordCalls } from "./fsInterleave.js";

let scratch: string;
let root: string;
let store: FsObjectStore;

async function putAll(...objects: string[]): Promise<void> {
  for (const name of objects) await store.put(name, Buffer.from(name));
}

beforeEach(async () => {
  scratch = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-walk-")));
  root = path.join(scratch, "bucket");
  store = new FsObjectStore({ root });
  await putAll("LC/a/1.json", "LC/b/1.json");
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(scratch, { recursive: true, force: true });
});

const names = (page: { objects: { name: string }[] }) => page.objects.map((o) => o.name);
const diskError = (syscall: string, file: string) => () => {
  throw errnoError("EIO", syscall, file);
};

describe("FsObjectStore listing while the bucket changes", () => {
  it("lists the other folders when one is removed while walked", async () => {
    const folder = path.join(root, "LC", "a");
    beforeFirstCall(fs, "readdir", isPath(folder), () => fsSync.rmSync(folder, { recursive: true }));
    expect(names(await store.list({ prefix: "LC/" }))).toEqual(["LC/b/1.json"]);
  });

  it("lists the other folders when one is replaced by a file while walked", async () => {
    const folder = path.join(root, "LC", "a");
    beforeFirstCall(fs, "readdir", isPath(folder), () => {
      fsSync.rmSync(folder, { recursive: true });
      fsSync.writeFileSync(folder, "now a file");
    });
    expect(names(await store.list())).toEqual(["LC/b/1.json"]);
  });
});

describe("FsObjectStore listing on a failing disk", () => {
  it("names the bucket's top folder when it cannot be read", async () => {
    beforeFirstCall(fs, "readdir", isPath(root), diskError("scandir", root));
    await expect(store.list()).rejects.toThrow(new StoreUnavailableError("/", "cannot list /: EIO"));
  });

  it("names the prefix's folder when it cannot be read", async () => {
    const folder = path.join(root, "LC");
    beforeFirstCall(fs, "readdir", isPath(folder), diskError("scandir", folder));
    const failed = await store.list({ prefix: "LC/" }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StoreUnavailableError);
    expect(failed).toMatchObject({ objectName: "LC/", message: "object store unavailable for LC/: cannot list LC/: EIO" });
  });

  it("names the object whose file cannot be statted", async () => {
    const file = path.join(root, "LC", "b", "1.json");
    beforeFirstCall(fs, "stat", isPath(file), diskError("stat", file));
    const failed = await store.list().catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StoreUnavailableError);
    expect(failed).toMatchObject({ objectName: "LC/b/1.json", message: "object store unavailable for LC/b/1.json: cannot stat LC/b/1.json: EIO" });
  });

  it("lists nothing, without touching the disk, for a prefix whose folder part no object name can have", async () => {
    expect(await store.list({ prefix: "LC\u0000/" })).toEqual({ objects: [] });
  });
});

describe("FsObjectStore listing reads only what the page needs", () => {
  it("reads neither the internal folder nor the folders wholly before the page token", async () => {
    await putAll("LC/a/2.json", "LC/c/1.json");
    const read = recordCalls(fs, "readdir");
    const folders = () => read.splice(0).map((call) => path.relative(root, String(call.first)));
    const first = await store.list({ maxResults: 3 });
    expect(names(first)).toEqual(["LC/a/1.json", "LC/a/2.json", "LC/b/1.json"]);
    expect(folders()).toEqual(["", "LC", "LC/a", "LC/b", "LC/c"]);
    const second = await store.list({ maxResults: 3, pageToken: first.nextPageToken });
    expect(names(second)).toEqual(["LC/c/1.json"]);
    expect(folders()).toEqual(["", "LC", "LC/b", "LC/c"]);
  });

  it("stats the files of a page and one more, not the whole folder", async () => {
    await putAll(...Array.from({ length: 10 }, (_, i) => `LC/x${i}.json`));
    const statted = recordCalls(fs, "stat");
    const page = await store.list({ prefix: "LC/", maxResults: 2 });
    expect(names(page)).toEqual(["LC/a/1.json", "LC/b/1.json"]);
    expect(page.nextPageToken).toBeDefined();
    expect(statted.map((call) => path.relative(root, String(call.first)))).toEqual(["LC/a/1.json", "LC/b/1.json", "LC/x0.json"]);
  });
});
