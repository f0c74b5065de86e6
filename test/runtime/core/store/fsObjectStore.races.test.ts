/**
 * The filesystem store against another writer acting at the worst moment (fsInterleave.ts forces
 * each moment deterministically on the real filesystem), and against disk errors: an object
 * deleted between resolving its path and opening or statting it is simply absent; a folder
 * swapped for a link out of the bucket before a delete's unlink is refused; a compare-and-swap
 * overtaken after its early check still fails under the lock; a write whose lock was broken does
 * not commit; any other failure is a StoreUnavailableError naming the object and the operation.
 */
import fsSync, { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidObjectNameError, NotFoundError, PreconditionFailedError, StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { lockPathFor, ownerRecord } from "../../../../runtime/core/store/fsObjectLock.js";
import { internalDirs } from "../../../../runtime/core/store/fsObjectPaths.js";
import { FsObjectStore } from "../../../../runtime/core/store/fsObjectStore.js";
import { beforeFirstCall, errnoError, isPath } from "./fsInterleave.js";

const NAME = "LC/a/x.json";
let scratch: string;
let root: string;
let file: string;
let store: FsObjectStore;

beforeEach(async () => {
  scratch = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-races-")));
  root = path.join(scratch, "bucket");
  file = path.join(root, NAME);
  store = new FsObjectStore({ root });
  await store.put(NAME, Buffer.from("first"));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await fs.rm(scratch, { recursive: true, force: true });
});

const unlinkObject = () => fsSync.unlinkSync(file);
const diskError = (syscall: string) => () => {
  throw errnoError("EIO", syscall, file);
};

describe("FsObjectStore when the object changes between two of its steps", () => {
  it("answers NotFoundError for an object deleted between resolving its path and opening it", async () => {
    beforeFirstCall(fsSync, "openSync", isPath(file), unlinkObject);
    await expect(store.get(NAME)).rejects.toThrow(new NotFoundError(NAME));
  });

  it("answers NotFoundError for an object deleted between resolving its path and statting it", async () => {
    beforeFirstCall(fsSync, "statSync", isPath(file), unlinkObject);
    await expect(store.stat(NAME)).rejects.toThrow(new NotFoundError(NAME));
  });

  it("creates an object (ifGenerationMatch 0) deleted by someone else while its generation was read", async () => {
    beforeFirstCall(fsSync, "statSync", isPath(file), unlinkObject);
    const stat = await store.put(NAME, Buffer.from("second"), { ifGenerationMatch: "0" });
    expect(await store.get(NAME)).toMatchObject({ generation: stat.generation, data: Buffer.from("second") });
  });

  it("refuses a compare-and-swap overtaken after its early check (the check under the lock sees the new generation)", async () => {
    const { generation } = await store.stat(NAME);
    const later = new Date(Date.now() + 5_000);
    // Another writer replaces the object while this put writes its temp file, before it takes the lock.
    beforeFirstCall(fsSync, "openSync", (first) => String(first).startsWith(internalDirs(root).tmp), () => {
      fsSync.writeFileSync(file, "overtaking");
      fsSync.utimesSync(file, later, later);
    });
    await expect(store.put(NAME, Buffer.from("stale"), { ifGenerationMatch: generation })).rejects.toThrow(new PreconditionFailedError(NAME, generation));
    expect((await store.get(NAME)).data.toString()).toBe("overtaking");
  });

  it("does not commit a write whose lock was broken and taken while it held it", async () => {
    const lock = lockPathFor(internalDirs(root), NAME);
    // Stamping the temp file's generation happens under the lock, just before the fencing check.
    beforeFirstCall(fsSync, "futimesSync", () => true, () => {
      fsSync.unlinkSync(lock);
      fsSync.symlinkSync(ownerRecord({ pid: 1, host: "elsewhere", token: "taker" }), lock);
    });
    const put = store.put(NAME, Buffer.from("fenced"));
    await expect(put).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(put).rejects.toThrow(`object store unavailable for ${NAME}: the object's lock was broken while this write held it`);
    expect((await store.get(NAME)).data.toString()).toBe("first");
  });

  it("refuses to delete through a folder swapped for a link out of the bucket before the unlink", async () => {
    const outside = path.join(scratch, "outside");
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, "x.json"), "not the bucket's");
    const folder = path.join(root, "LC", "a");
    beforeFirstCall(fs, "realpath", isPath(folder), () => {
      fsSync.renameSync(folder, `${folder}-moved`);
      fsSync.symlinkSync(outside, folder);
    });
    const refused = store.delete(NAME);
    await expect(refused).rejects.toBeInstanceOf(InvalidObjectNameError);
    await expect(refused).rejects.toThrow(`invalid object name "${NAME}": resolves outside the bucket's objects (symlink)`);
    expect(await fs.readFile(path.join(outside, "x.json"), "utf8")).toBe("not the bucket's");
  });
});

describe("FsObjectStore on a failing disk", () => {
  const unavailable = (doing: string, code = "EIO") => `object store unavailable for ${NAME}: ${doing} ${NAME}: ${code}`;

  it("reports a failed open as StoreUnavailableError naming the read", async () => {
    beforeFirstCall(fsSync, "openSync", isPath(file), diskError("open"));
    await expect(store.get(NAME)).rejects.toThrow(new StoreUnavailableError(NAME, `cannot read ${NAME}: EIO`));
  });

  it("reports a failed stat as StoreUnavailableError naming the stat", async () => {
    beforeFirstCall(fsSync, "statSync", isPath(file), diskError("stat"));
    await expect(store.stat(NAME)).rejects.toThrow(unavailable("cannot stat"));
  });

  it("reports a failed read of the current generation as StoreUnavailableError naming the write, and writes nothing", async () => {
    beforeFirstCall(fsSync, "statSync", isPath(file), diskError("stat"));
    await expect(store.put(NAME, Buffer.from("second"))).rejects.toThrow(unavailable("cannot write"));
    expect((await store.get(NAME)).data.toString()).toBe("first");
  });

  it("reports a failed unlink as StoreUnavailableError naming the delete, and keeps the object", async () => {
    beforeFirstCall(fs, "unlink", isPath(file), diskError("unlink"));
    await expect(store.delete(NAME)).rejects.toThrow(unavailable("cannot delete"));
    expect((await store.get(NAME)).data.toString()).toBe("first");
  });
});
