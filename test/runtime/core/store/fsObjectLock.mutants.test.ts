/**
 * The less common paths of the filesystem lock (issue 20, mutation testing): the lock's file name
 * that every process sharing a bucket must agree on, the breaker lock that guards breaking a stale
 * lock, a live owner recognised by its start time, and failures to create or release a lock
 * reported as StoreUnavailableError naming the object.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { acquireObjectLock, errorCode, lockPathFor, ownerRecord, unlinkIfPresent } from "../../../../runtime/core/store/fsObjectLock.js";
import type { LockDirs } from "../../../../runtime/core/store/fsObjectLock.js";

const NAME = "MLC/PIC_J0326137+295015.json";
let scratch: string;
let dirs: LockDirs;

beforeEach(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-lock-mutants-"));
  dirs = { locks: path.join(scratch, "locks"), tmp: path.join(scratch, "tmp") };
});
afterEach(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

/** A symlink lock (or breaker lock, with `suffix` ".break") as another process leaves it, `ageMs` old. */
async function plant(record: string, { ageMs = 0, suffix = "" } = {}): Promise<string> {
  const lockPath = `${lockPathFor(dirs, NAME)}${suffix}`;
  await fs.mkdir(dirs.locks, { recursive: true });
  await fs.symlink(record, lockPath);
  const when = new Date(Date.now() - ageMs);
  await fs.lutimes(lockPath, when, when);
  return lockPath;
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString());
}

const here = (pid: number, token: string, start?: string) => ownerRecord({ pid, host: os.hostname(), token, ...(start !== undefined && { start }) });

describe("the lock's file name", () => {
  it("is the first 40 hex digits of the object name's SHA-256, as sha256sum computes it, so every piaa sharing the bucket finds it", () => {
    // Processes of different builds share one bucket directory: the name is a contract between them.
    const digest = execFileSync("sha256sum", { input: NAME }).toString().slice(0, 40);
    expect(lockPathFor(dirs, NAME)).toBe(path.join(dirs.locks, `${digest}.lock`));
  });
});

describe("a live owner on this host", () => {
  it("is recognised by the start time in its record (read from /proc/<pid>/stat field 22), so its lock is never broken", async () => {
    // Field 22 counted from the end of the parenthesised command name (which may hold spaces).
    const stat = await fs.readFile("/proc/self/stat", "utf8");
    const start = /\) (\S+ ){19}(\d+) /.exec(stat)![2]!;
    const lockPath = await plant(here(process.pid, "live-with-start", start), { ageMs: 60_000 });
    await expect(acquireObjectLock(dirs, NAME, { timeoutMs: 100, staleMs: 1_000 })).rejects.toThrow(
      `object store unavailable for ${NAME}: lock busy for more than 100 ms (held by pid ${process.pid} on ${os.hostname()})`,
    );
    expect(await fs.readlink(lockPath, "utf8")).toBe(here(process.pid, "live-with-start", start));
  });

  it("records its own start time (base 36), so that another process can tell its pid reused", async () => {
    const stat = await fs.readFile("/proc/self/stat", "utf8");
    const start = /\) (\S+ ){19}(\d+) /.exec(stat)![2]!;
    const lock = await acquireObjectLock(dirs, NAME);
    const record = await fs.readlink(lockPathFor(dirs, NAME), "utf8");
    await lock.release();
    expect(record.startsWith(`${process.pid.toString(36)}.${Number(start).toString(36)}.`)).toBe(true);
  });

  it("names no holder when the lock's owner cannot be read", async () => {
    await fs.mkdir(dirs.locks, { recursive: true });
    await fs.writeFile(lockPathFor(dirs, NAME), "not a symlink");
    await expect(acquireObjectLock(dirs, NAME, { timeoutMs: 50, staleMs: 60_000 })).rejects.toThrow(
      new RegExp(`^object store unavailable for ${NAME.replace("+", "\\+")}: lock busy for more than 50 ms$`),
    );
  });
});

describe("breaking a stale lock under the breaker lock", () => {
  it("leaves a dead owner's lock alone while a live process holds the breaker lock", async () => {
    const dead = here(deadPid(), "dead");
    const lockPath = await plant(dead);
    await plant(here(process.pid, "breaking"), { suffix: ".break" });
    await expect(acquireObjectLock(dirs, NAME, { timeoutMs: 100, staleMs: 60_000 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await fs.readlink(lockPath, "utf8")).toBe(dead);
  });

  it("removes the breaker lock of a dead breaker, then the stale lock, and leaves neither behind", async () => {
    const pid = deadPid();
    await plant(here(pid, "dead"));
    await plant(here(pid, "dead-breaker"), { suffix: ".break" });
    const lock = await acquireObjectLock(dirs, NAME, { timeoutMs: 2_000, staleMs: 60_000 });
    expect(lock.isHeld()).toBe(true);
    await lock.release();
    expect(await fs.readdir(dirs.locks)).toEqual([]);
  });

  it("judges another host's breaker lock by the breaker bound (2 s), not the lock's", async () => {
    const remote = ownerRecord({ pid: 1, host: "elsewhere", token: "remote" });
    await plant(remote, { ageMs: 60_000 });
    const breaker = await plant(ownerRecord({ pid: 1, host: "elsewhere", token: "breaker" }), { ageMs: 500, suffix: ".break" });
    // Young breaker: the stale lock stays, however long past its own bound.
    await expect(acquireObjectLock(dirs, NAME, { timeoutMs: 100, staleMs: 1_000 })).rejects.toBeInstanceOf(StoreUnavailableError);
    const when = new Date(Date.now() - 3_000);
    await fs.lutimes(breaker, when, when);
    const lock = await acquireObjectLock(dirs, NAME, { timeoutMs: 2_000, staleMs: 1_000 });
    await lock.release();
    expect(await fs.readdir(dirs.locks)).toEqual([]);
  });
});

describe("a lock that changes while it is judged stale", () => {
  // The owner below names this live process with a start time it does not have (a reused pid):
  // judging it reads /proc/<pid>/stat asynchronously, and acquireObjectLock returns its promise
  // while that read is pending, so the test changes the lock deterministically inside that window.
  const reusedPid = () => here(process.pid, "reused-pid", "1");

  it("does not remove a lock taken by someone else since it was judged stale", async () => {
    const lockPath = await plant(reusedPid());
    const attempt = acquireObjectLock(dirs, NAME, { timeoutMs: 100, staleMs: 60_000 });
    const taker = ownerRecord({ pid: 1, host: "elsewhere", token: "taker" });
    await fs.unlink(lockPath);
    await fs.symlink(taker, lockPath);
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await fs.readlink(lockPath, "utf8")).toBe(taker);
  });

  it("takes the lock when the stale one vanished while it was judged", async () => {
    const lockPath = await plant(reusedPid());
    const attempt = acquireObjectLock(dirs, NAME, { timeoutMs: 2_000, staleMs: 60_000 });
    await fs.unlink(lockPath);
    const lock = await attempt;
    expect(lock.isHeld()).toBe(true);
    await lock.release();
  });
});

describe("lock failures", () => {
  it("reports a lock that cannot be created (a file where the locks folder should be) naming the object", async () => {
    await fs.writeFile(dirs.locks, "in the way");
    const attempt = acquireObjectLock(dirs, NAME, { timeoutMs: 100, staleMs: 1_000 });
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(`object store unavailable for ${NAME}: cannot create lock: Error: ENOTDIR`);
    await expect(attempt).rejects.toHaveProperty("cause.code", "ENOTDIR");
  });

  it("reports a lock that cannot be read on release naming the object, and a vanished one as released", async () => {
    const lock = await acquireObjectLock(dirs, NAME);
    await fs.rm(dirs.locks, { recursive: true });
    await fs.writeFile(dirs.locks, "in the way");
    const release = lock.release();
    await expect(release).rejects.toThrow(`object store unavailable for ${NAME}: cannot release lock: Error: ENOTDIR`);
    await expect(release).rejects.toHaveProperty("cause.code", "ENOTDIR");

    await fs.rm(dirs.locks);
    const again = await acquireObjectLock(dirs, NAME);
    await fs.rm(lockPathFor(dirs, NAME));
    expect(again.isHeld()).toBe(false);
    await again.release();
    expect(await fs.readdir(dirs.locks)).toEqual([]);
  });

  it("tells a holder whose lock was replaced by a plain file that it no longer holds it, and leaves the file", async () => {
    const lock = await acquireObjectLock(dirs, NAME);
    await fs.rm(lockPathFor(dirs, NAME));
    await fs.writeFile(lockPathFor(dirs, NAME), "someone's file");
    expect(lock.isHeld()).toBe(false);
    await lock.release();
    expect(await fs.readFile(lockPathFor(dirs, NAME), "utf8")).toBe("someone's file");
  });
});

describe("unlinkIfPresent and errorCode", () => {
  it("removes a file, accepts one already gone, and passes on any other failure", async () => {
    const file = path.join(scratch, "f");
    await fs.writeFile(file, "x");
    await unlinkIfPresent(file);
    await expect(fs.stat(file)).rejects.toHaveProperty("code", "ENOENT");
    await unlinkIfPresent(file);
    // unlink(2) refuses a directory (EISDIR on Linux).
    await expect(unlinkIfPresent(scratch)).rejects.toHaveProperty("code", "EISDIR");
  });

  it.each([
    [{ code: "EEXIST" }, "EEXIST"],
    [{ code: 13 }, "13"],
    [new Error("no code"), undefined],
    [null, undefined],
    ["ENOENT", undefined],
  ])("reads the code of %j as %j", (err, code) => {
    expect(errorCode(err)).toBe(code);
  });
});
