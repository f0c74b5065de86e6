/**
 * A filesystem bucket cannot hold a name with a path part over NAME_MAX (255 bytes on ext4, xfs,
 * btrfs and tmpfs: limits.h / statfs f_namelen), where Cloud Storage limits only the whole name
 * (1024 bytes). Such a name is refused as invalid (400), naming it, before anything is created:
 * ENAMETOOLONG from the filesystem would read as "store unavailable" (503), and a client told 503
 * retries a name that can never be stored.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidObjectNameError, StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { FsObjectStore } from "../../../../runtime/core/store/fsObjectStore.js";
import { MAX_PATH_PART_BYTES, objectParts, resolveExistingFile } from "../../../../runtime/core/store/fsObjectPaths.js";

let root = "";
beforeEach(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-name-length-")));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => "resolved",
    (error: unknown) => error,
  );
}

describe("path parts longer than the filesystem holds", () => {
  it("counts bytes, not characters: 85 three-byte characters fit, 86 do not", () => {
    expect(MAX_PATH_PART_BYTES).toBe(255);
    expect(objectParts(`LC/${"€".repeat(85)}/x.json`)).toHaveLength(3);
    expect(objectParts(`LC/${"a".repeat(255)}`)).toHaveLength(2);
    const name = `LC/${"€".repeat(86)}/x.json`;
    expect(() => objectParts(name)).toThrow(InvalidObjectNameError);
    expect(() => objectParts(name)).toThrow(`invalid object name "${name}": has a path part longer than 255 bytes, which a filesystem bucket cannot hold`);
    expect(() => objectParts(`LC/${"a".repeat(256)}`)).toThrow(InvalidObjectNameError);
  });

  it("a write of such a name is refused as invalid and creates no folder", async () => {
    const store = new FsObjectStore({ root });
    const name = `LC/new/${"a".repeat(300)}/x.json`;
    const error = await refusal(store.put(name, new TextEncoder().encode("{}")));
    expect(error).toBeInstanceOf(InvalidObjectNameError);
    expect(error).not.toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toContain(name);
    expect(await fs.readdir(root)).toEqual([]);
    // The filesystem agrees that it could not have held it (the refusal is not over-cautious).
    const direct = await refusal(fs.mkdir(path.join(root, "a".repeat(MAX_PATH_PART_BYTES + 1))));
    expect(direct).toMatchObject({ code: "ENAMETOOLONG" });
    expect(await refusal(fs.mkdir(path.join(root, "a".repeat(MAX_PATH_PART_BYTES))))).toBe("resolved");
  });

  it("a read of such a name is refused as invalid, as is every other name the store cannot hold", async () => {
    const store = new FsObjectStore({ root });
    const name = `${"b".repeat(256)}.json`;
    await expect(store.get(name)).rejects.toBeInstanceOf(InvalidObjectNameError);
    await expect(store.stat(name)).rejects.toBeInstanceOf(InvalidObjectNameError);
    await expect(resolveExistingFile(root, name)).rejects.toBeInstanceOf(InvalidObjectNameError);
  });
});
