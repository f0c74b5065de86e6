/**
 * The path helpers of the filesystem store (fsObjectPaths.ts) called directly, for what the
 * store-level traversal tests do not reach: the refusals name the object and what failed, the
 * root test is by path component (not string prefix), pruning stops at the root and at the first
 * folder still in use, and concurrent directory syncs share one queued fsync (group commit).
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidObjectNameError, StoreUnavailableError } from "../../../../runtime/core/errors.js";
import {
  ensureParentDir,
  internalDirs,
  isInside,
  isObjectPath,
  objectParts,
  pruneEmptyDirs,
  realRootOf,
  resolveExistingFile,
  storeError,
  syncDirectory,
} from "../../../../runtime/core/store/fsObjectPaths.js";

let root: string;
beforeAll(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-paths-")));
});
afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(Error);
  return outcome as Error;
}

describe("objectParts and the internal directories", () => {
  it("refuses the internal directory by name, and only as the first part", () => {
    expect(() => objectParts(".piaa/x")).toThrow(new InvalidObjectNameError(".piaa/x", '".piaa/" is the store\'s internal directory'));
    expect(objectParts("a/.piaa/x")).toEqual(["a", ".piaa", "x"]);
  });

  it("puts locks and temp files under .piaa of the real root", () => {
    expect(internalDirs("/r")).toEqual({ locks: path.join("/r", ".piaa", "locks"), tmp: path.join("/r", ".piaa", "tmp") });
  });
});

describe("isInside and isObjectPath", () => {
  it("judges by whole path components", () => {
    expect(isInside("/r/b", "/r/b")).toBe(true);
    expect(isInside("/r/b", "/r/b/x")).toBe(true);
    expect(isInside("/r/b", "/r/bx")).toBe(false);
    expect(isInside("/r/b", "/r")).toBe(false);
  });

  it("excludes the internal directory and what lies in it, but not a sibling that starts alike", () => {
    expect(isObjectPath("/r", "/r/a")).toBe(true);
    expect(isObjectPath("/r", "/r")).toBe(true);
    expect(isObjectPath("/r", "/r/.piaa")).toBe(false);
    expect(isObjectPath("/r", "/r/.piaa/tmp/x")).toBe(false);
    expect(isObjectPath("/r", "/r/.piaa-x")).toBe(true);
    expect(isObjectPath("/r", "/other")).toBe(false);
  });
});

describe("realRootOf", () => {
  it("is undefined for a root not created yet, the real path otherwise", async () => {
    expect(await realRootOf(path.join(root, "missing"))).toBeUndefined();
    await fs.symlink(root, path.join(root, "self-link"));
    expect(await realRootOf(path.join(root, "self-link"))).toBe(root);
  });

  it("names the root when it cannot be resolved for another reason than absence", async () => {
    await fs.writeFile(path.join(root, "plain-file"), "x");
    const bad = path.join(root, "plain-file", "bucket");
    const error = await refusal(realRootOf(bad));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toMatch(new RegExp(`^object store unavailable for ${bad}: cannot resolve the bucket root: .*ENOTDIR`));
    expect(error.cause).toMatchObject({ code: "ENOTDIR" });
  });
});

describe("resolveExistingFile and ensureParentDir", () => {
  it("resolves an existing file, and is undefined for a missing one or one under a missing folder", async () => {
    await fs.mkdir(path.join(root, "d"), { recursive: true });
    await fs.writeFile(path.join(root, "d", "f.json"), "x");
    expect(await resolveExistingFile(root, "d/f.json")).toBe(path.join(root, "d", "f.json"));
    expect(await resolveExistingFile(root, "d/g.json")).toBeUndefined();
    expect(await resolveExistingFile(root, "e/f/g.json")).toBeUndefined();
    expect(await resolveExistingFile(root, "d/f.json/under")).toBeUndefined();
  });

  it("names the object and the error of a path that cannot be resolved (a symlink loop)", async () => {
    await fs.symlink("loop", path.join(root, "loop"));
    const error = await refusal(resolveExistingFile(root, "loop/x.json"));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).toBe("object store unavailable for loop/x.json: cannot resolve loop/x.json: ELOOP");
    expect(await refusal(ensureParentDir(root, "loop/y/x.json"))).toMatchObject({ message: "object store unavailable for loop/y/x.json: cannot resolve loop/y/x.json: ELOOP" });
  });

  it("refuses a name whose folder is a symlink out of the bucket, saying so", async () => {
    const outside = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-paths-out-")));
    try {
      await fs.symlink(outside, path.join(root, "escape"));
      for (const attempt of [resolveExistingFile(root, "escape/x.json"), ensureParentDir(root, "escape/y/x.json")]) {
        const error = await refusal(attempt);
        expect(error).toBeInstanceOf(InvalidObjectNameError);
        expect(error.message).toMatch(/^invalid object name "escape\/(y\/)?x\.json": resolves outside the bucket's objects \(symlink\)$/);
      }
      expect(await fs.readdir(outside)).toEqual([]);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it("creates the missing folders of a name and returns the deepest, or the existing one", async () => {
    expect(await ensureParentDir(root, "new/a/b/x.json")).toBe(path.join(root, "new", "a", "b"));
    expect((await fs.stat(path.join(root, "new", "a", "b"))).isDirectory()).toBe(true);
    expect(await ensureParentDir(root, "new/a/b/y.json")).toBe(path.join(root, "new", "a", "b"));
    expect(await ensureParentDir(root, "top.json")).toBe(root);
  });

  it("refuses a folder where an object file is, naming the object", async () => {
    await fs.writeFile(path.join(root, "obj.json"), "x");
    const error = await refusal(ensureParentDir(root, "obj.json/inner/x.json"));
    expect(error).toBeInstanceOf(InvalidObjectNameError);
    expect(error.message).toBe('invalid object name "obj.json/inner/x.json": a filesystem bucket cannot hold both an object and objects under it as a folder');
  });
});

describe("pruneEmptyDirs", () => {
  it("removes empty folders up to the first one still holding something, never the root", async () => {
    await fs.mkdir(path.join(root, "p", "q", "r"), { recursive: true });
    await fs.writeFile(path.join(root, "p", "keep.json"), "x");
    await pruneEmptyDirs(root, path.join(root, "p", "q", "r"));
    await expect(fs.stat(path.join(root, "p", "q"))).rejects.toMatchObject({ code: "ENOENT" });
    expect((await fs.stat(path.join(root, "p"))).isDirectory()).toBe(true);

    const lone = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-prune-")));
    try {
      await fs.mkdir(path.join(lone, "s", "t"), { recursive: true });
      await pruneEmptyDirs(lone, path.join(lone, "s", "t"));
      expect(await fs.readdir(lone)).toEqual([]);
      expect((await fs.stat(lone)).isDirectory()).toBe(true);
    } finally {
      await fs.rm(lone, { recursive: true, force: true });
    }
  });

  it("does not touch a folder outside the root", async () => {
    const outside = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-prune-out-")));
    try {
      await pruneEmptyDirs(root, outside);
      expect((await fs.stat(outside)).isDirectory()).toBe(true);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });
});

describe("syncDirectory", () => {
  it("shares one queued fsync among callers arriving while one runs, and starts afresh once all are done", async () => {
    const first = syncDirectory(root);
    const second = syncDirectory(root);
    const third = syncDirectory(root);
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    await Promise.all([first, second, third]);
    const later = syncDirectory(root);
    expect(later).not.toBe(first);
    expect(later).not.toBe(second);
    await later;
  });

  it("fails for a folder that does not exist, and the next call starts afresh", async () => {
    const missing = path.join(root, "no-such-dir");
    await expect(syncDirectory(missing)).rejects.toMatchObject({ code: "ENOENT" });
    await fs.mkdir(missing);
    await expect(syncDirectory(missing)).resolves.toBeUndefined();
  });
});

describe("storeError", () => {
  it("names the object, what was being done and the error code, or the error itself without one", () => {
    const coded = Object.assign(new Error("boom"), { code: "EIO" });
    expect(storeError("a/b.json", "cannot read", coded)).toMatchObject({ message: "object store unavailable for a/b.json: cannot read a/b.json: EIO", objectName: "a/b.json", cause: coded });
    expect(storeError("a/b.json", "cannot read", "odd").message).toBe("object store unavailable for a/b.json: cannot read a/b.json: odd");
  });
});
