/**
 * How the filesystem store commits a write, on its less common paths (issue 20, mutation testing):
 * the sweep of temp files a killed writer left (by age of both mtime and ctime, once per store), a
 * refused write that leaves no temp file, the bounded retry of a rename, and the floor of a
 * generation. The sweep's clock is Date (only Date is faked: the files' times stay real).
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { InvalidObjectNameError } from "../../../../runtime/core/errors.js";
import { FsObjectStore } from "../../../../runtime/core/store/fsObjectStore.js";
import { generationOf, renameInto } from "../../../../runtime/core/store/fsObjectWrite.js";

const MINUTE_MS = 60_000;
let root: string;
let tmpDir: string;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-write-mutants-"));
  tmpDir = path.join(root, ".piaa", "tmp");
  await fs.mkdir(tmpDir, { recursive: true });
});
afterEach(async () => {
  vi.useRealTimers();
  await fs.rm(root, { recursive: true, force: true });
});

/** The clock as it will be `minutes` from now, for Date only. */
function clockAhead(minutes: number): void {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + minutes * MINUTE_MS });
}

describe("the sweep of abandoned temp files (older than 10 minutes)", () => {
  it("removes them on a store's first write only, and keeps younger ones", async () => {
    await fs.writeFile(path.join(tmpDir, "killed-writer.tmp"), "half");
    clockAhead(11);
    const store = new FsObjectStore({ root });
    await store.put("LC/a.json", Buffer.from("1"));
    expect(await fs.readdir(tmpDir)).toEqual([]);

    // Left after the first write: this store does not sweep again.
    await fs.writeFile(path.join(tmpDir, "later.tmp"), "half");
    vi.setSystemTime(Date.now() + 11 * MINUTE_MS);
    await store.put("LC/b.json", Buffer.from("2"));
    expect(await fs.readdir(tmpDir)).toEqual(["later.tmp"]);
  });

  it("keeps a temp file younger than 10 minutes", async () => {
    await fs.writeFile(path.join(tmpDir, "in-flight.tmp"), "half");
    clockAhead(9);
    await new FsObjectStore({ root }).put("LC/a.json", Buffer.from("1"));
    expect(await fs.readdir(tmpDir)).toEqual(["in-flight.tmp"]);
  });

  it("keeps a temp file whose mtime is old but which changed recently (its ctime)", async () => {
    // A temp file's mtime is set on purpose (the generation stamp); its ctime tells when it was last touched.
    const file = path.join(tmpDir, "stamped.tmp");
    await fs.writeFile(file, "half");
    const hourAgo = new Date(Date.now() - 60 * MINUTE_MS);
    await fs.utimes(file, hourAgo, hourAgo);
    clockAhead(5);
    await new FsObjectStore({ root }).put("LC/a.json", Buffer.from("1"));
    expect(await fs.readdir(tmpDir)).toEqual(["stamped.tmp"]);
  });
});

describe("committing a write", () => {
  it("leaves no temp file behind when the rename is refused (an object where a folder is)", async () => {
    const store = new FsObjectStore({ root });
    await store.put("c/d", Buffer.from("1"));
    await expect(store.put("c", Buffer.from("2"))).rejects.toBeInstanceOf(InvalidObjectNameError);
    expect(await fs.readdir(tmpDir)).toEqual([]);
  });

  it("retries a rename whose source is missing a bounded number of times, then passes on ENOENT", async () => {
    const realRoot = await fs.realpath(root);
    await expect(renameInto(realRoot, "LC/x.json", path.join(tmpDir, "gone.tmp"), "x.json")).rejects.toHaveProperty("code", "ENOENT");
  });

  it("stamps a write with the time it was made: its generation and updated time lie between the clock before and after", async () => {
    const store = new FsObjectStore({ root });
    const before = Date.now();
    const put = await store.put("LC/now.json", Buffer.from("1"));
    const after = Date.now();
    const micros = BigInt(put.generation);
    expect(micros >= BigInt(before - 1) * 1000n && micros <= BigInt(after + 1) * 1000n).toBe(true);
    expect(put.updated.getTime()).toBeGreaterThanOrEqual(before - 1);
    expect(put.updated.getTime()).toBeLessThanOrEqual(after + 1);
  });

  it("issues a larger generation to a re-created object even when the clock stands still", async () => {
    // A coarse or stalled clock: without the process's floor, delete + re-create would reuse the
    // generation, and a reader holding the old one would miss the new object (getIfChanged).
    const store = new FsObjectStore({ root });
    // The store reads node:perf_hooks' performance object (the one fake timers would replace on globalThis): stop its clock.
    const frozenMs = performance.now();
    const now = vi.spyOn(performance, "now").mockReturnValue(frozenMs);
    onTestFinished(() => now.mockRestore());
    const first = await store.put("g", Buffer.from("1"));
    await store.delete("g");
    const second = await store.put("g", Buffer.from("2"));
    expect(BigInt(second.generation) > BigInt(first.generation)).toBe(true);
    expect(await store.getIfChanged("g", first.generation)).toMatchObject({ generation: second.generation });
  });

  it("gives a file stamped at the epoch generation 1, since 0 means absent", async () => {
    const file = path.join(root, "epoch");
    await fs.writeFile(file, "x");
    await fs.utimes(file, 0, 0);
    expect(generationOf(await fs.stat(file, { bigint: true }))).toBe("1");
    const store = new FsObjectStore({ root });
    expect((await store.stat("epoch")).generation).toBe("1");
    // An overwrite moves the object on from generation 1, as from any other.
    expect(BigInt((await store.put("epoch", Buffer.from("y"), { ifGenerationMatch: "1" })).generation) > 1n).toBe(true);
  });
});
