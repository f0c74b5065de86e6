/**
 * What the filesystem listing leaves out, and how it fails (fsObjectListing.ts): entries that are
 * no objects (the internal dir at the top, invalid names, links out of the root or into the
 * internal dir, dangling links, directory links), prefixes no object can match, and a folder that
 * cannot be read, named in the StoreUnavailableError.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { listObjectFiles } from "../../../../runtime/core/store/fsObjectListing.js";

let scratch: string;
let root: string;

async function file(name: string, content = name): Promise<void> {
  await fs.mkdir(path.dirname(path.join(root, name)), { recursive: true });
  await fs.writeFile(path.join(root, name), content);
}

const names = async (prefix: string, after?: string, limit = 100): Promise<string[]> =>
  (await listObjectFiles(root, { prefix, after, limit })).files.map((f) => f.name);

beforeAll(async () => {
  scratch = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-listing-mut-")));
  root = path.join(scratch, "bucket");
  await fs.mkdir(path.join(scratch, "outside"), { recursive: true });
  await fs.writeFile(path.join(scratch, "outside", "secret.json"), "secret");
  await file("a/one.json", "1");
  await file("a/two.json", "22");
  await file("b.json");
  await file("sub/.piaa/kept.json");
  await file(".piaa/tmp/temp.json");
  await file("bad\\name.json");
  await fs.symlink("a/one.json", path.join(root, "link-in.json"));
  await fs.symlink("../outside/secret.json", path.join(root, "link-out.json"));
  await fs.symlink(".piaa/tmp/temp.json", path.join(root, "link-internal.json"));
  await fs.symlink("nowhere.json", path.join(root, "link-dangling.json"));
  await fs.symlink("a", path.join(root, "link-dir"));
  await fs.symlink("../outside", path.join(root, "escape"));
  await fs.symlink("loop", path.join(root, "loop"));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

describe("listObjectFiles", () => {
  it("lists only object files: no internal dir at the top, no invalid name, no link leaving the objects", async () => {
    expect(await names("")).toEqual(["a/one.json", "a/two.json", "b.json", "link-in.json", "sub/.piaa/kept.json"]);
  });

  it("gives each file's stat, the link's target's for a link", async () => {
    const { files } = await listObjectFiles(root, { prefix: "", limit: 100 });
    const sizes = Object.fromEntries(files.map((f) => [f.name, f.stat.size]));
    expect(sizes).toMatchObject({ "a/one.json": 1n, "a/two.json": 2n, "link-in.json": 1n });
  });

  it("lists nothing for a prefix no object name can start with, or one leading out of the root or into .piaa", async () => {
    expect(await names("../")).toEqual([]);
    expect(await names(".piaa/")).toEqual([]);
    expect(await names(".piaa/tmp/")).toEqual([]);
    expect(await names("escape/")).toEqual([]);
    expect(await names("b.json/")).toEqual([]);
    expect(await names("missing/")).toEqual([]);
  });

  it("follows a prefix's folder through a link that stays inside", async () => {
    expect(await names("link-dir/")).toEqual(["link-dir/one.json", "link-dir/two.json"]);
  });

  it("pages: limit, more, and only names after `after`", async () => {
    expect(await listObjectFiles(root, { prefix: "a/", limit: 1 }).then((r) => [r.files.map((f) => f.name), r.more])).toEqual([["a/one.json"], true]);
    expect(await listObjectFiles(root, { prefix: "a/", limit: 2 }).then((r) => [r.files.map((f) => f.name), r.more])).toEqual([["a/one.json", "a/two.json"], false]);
    expect(await names("", "a/one.json", 2)).toEqual(["a/two.json", "b.json"]);
    expect(await names("", "b.json")).toEqual(["link-in.json", "sub/.piaa/kept.json"]);
    expect(await names("a/", "a/two.json")).toEqual([]);
  });

  it("names the prefix when its folder cannot be resolved (a symlink loop)", async () => {
    const error = await listObjectFiles(root, { prefix: "loop/", limit: 10 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toBe("object store unavailable for loop/: cannot list loop/: ELOOP");
  });
});
