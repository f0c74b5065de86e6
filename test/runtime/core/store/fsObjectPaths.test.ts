/**
 * Path traversal through FsObjectStore: no name, however crafted, reads or writes outside the
 * bucket root or inside its internal `.piaa/` directory. Each case tries every operation and
 * then checks that the directory next to the root is byte-for-byte, mtime-for-mtime unchanged.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidObjectNameError } from "../../../../runtime/core/errors.js";
import { FsObjectStore } from "../../../../runtime/core/store/fsObjectStore.js";

let scratch: string;
let root: string;
let outside: string;
let store: FsObjectStore;

/** Every file and folder under `dir` with its bytes and mtime, to compare before and after. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const stat = await fs.lstat(file, { bigint: true });
    result[path.relative(dir, file)] = entry.isFile() ? `${stat.mtimeNs}:${await fs.readFile(file, "utf8")}` : `${stat.mtimeNs}`;
  }
  return result;
}

beforeAll(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-traversal-"));
  outside = path.join(scratch, "outside");
  root = path.join(scratch, "bucket");
  await fs.mkdir(path.join(outside, "dir"), { recursive: true });
  await fs.writeFile(path.join(outside, "canary.txt"), "secret");
  store = new FsObjectStore({ root });
  await store.put("ok/real.json", Buffer.from("real"));
  await fs.symlink("../outside", path.join(root, "escape"));
  await fs.symlink("../outside/canary.txt", path.join(root, "leak.json"));
  await fs.symlink(".piaa", path.join(root, "inner"));
  await fs.symlink("ok/real.json", path.join(root, "alias.json"));
});
afterAll(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

const rejected = [
  "../outside/canary.txt",
  "LC/../../outside/canary.txt",
  "ok/../../outside/canary.txt",
  "..",
  "/tmp/abs",
  "..\\outside\\canary.txt",
  "ok\\..\\..\\outside",
  "a/./b",
  "a//b",
  "trailing/",
  "nul\u0000byte",
  "line\nfeed",
  "x".repeat(1025),
  "escape/canary.txt",
  "escape/new/x.json",
  "escape/dir/x.json",
  "leak.json",
  ".piaa/locks/x",
  ".piaa/tmp/y",
  "inner/locks/x",
  "inner/tmp/z",
];

/** Literal names that look like traversal but are plain (safe) names: they stay inside the root. */
const literal = ["%2e%2e/outside/canary.txt", "..%2Foutside%2Fcanary.txt", "LC/...", "\u2025/x", ".piaa-not-internal/x", "ok/..real"];

describe("FsObjectStore path safety", () => {
  it.each(rejected)("rejects %j for every operation and touches nothing outside", async (name) => {
    const before = await snapshot(outside);
    await expect(store.put(name, Buffer.from("pwned"))).rejects.toBeInstanceOf(InvalidObjectNameError);
    await expect(store.put(name, Buffer.from("pwned"), { ifGenerationMatch: "0" })).rejects.toBeInstanceOf(InvalidObjectNameError);
    await expect(store.get(name)).rejects.toBeInstanceOf(InvalidObjectNameError);
    await expect(store.stat(name)).rejects.toBeInstanceOf(InvalidObjectNameError);
    await expect(store.delete(name)).rejects.toBeInstanceOf(InvalidObjectNameError);
    const listed = await store.list({ prefix: name });
    expect(listed.objects).toEqual([]);
    expect(await snapshot(outside)).toEqual(before);
    expect((await fs.readdir(scratch)).sort()).toEqual(["bucket", "outside"]);
  });

  it.each(literal)("stores the literal name %j inside the root", async (name) => {
    const before = await snapshot(outside);
    await store.put(name, Buffer.from(name));
    expect((await store.get(name)).data.toString()).toBe(name);
    const file = await fs.realpath(path.join(root, name));
    expect(file.startsWith(`${await fs.realpath(root)}/`)).toBe(true);
    expect((await store.list({ prefix: name })).objects.map((o) => o.name)).toEqual([name]);
    await store.delete(name);
    expect(await snapshot(outside)).toEqual(before);
  });

  it("never lists through a symlink out of the root or into the internal dir", async () => {
    const names = (await store.list()).objects.map((o) => o.name);
    expect(names).toEqual(["alias.json", "ok/real.json"]);
    expect((await store.list({ prefix: "escape/" })).objects).toEqual([]);
    expect((await store.list({ prefix: "inner/" })).objects).toEqual([]);
  });

  it("follows a symlink that stays inside the root, and a write replaces the link, not its target", async () => {
    expect((await store.get("alias.json")).data.toString()).toBe("real");
    await store.put("alias.json", Buffer.from("own bytes"));
    expect((await fs.lstat(path.join(root, "alias.json"))).isSymbolicLink()).toBe(false);
    expect((await store.get("ok/real.json")).data.toString()).toBe("real");
  });
});
