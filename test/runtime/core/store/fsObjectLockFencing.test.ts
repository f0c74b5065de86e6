/**
 * Issue 14, suspected item: a filesystem lock older than the stale bound was broken while its
 * owner could still be alive (stalled, or the clock stepped), and the stalled owner then
 * committed after a second writer had passed the same generation check. Now a lock of this host
 * is broken only when its owner is dead or its pid names another process, and a holder whose
 * lock was broken anyway (another host's view) does not commit.
 */
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { acquireObjectLock, lockPathFor, ownerRecord, type LockDirs } from "../../../../runtime/core/store/fsObjectLock.js";

const NAME = "MLC/PIC_J0326137+295015.json";
let scratch: string;
let dirs: LockDirs;

beforeEach(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-fence-"));
  dirs = { locks: path.join(scratch, ".piaa", "locks"), tmp: path.join(scratch, ".piaa", "tmp") };
});
afterEach(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

const ageLock = async (ageMs: number) => {
  const when = new Date(Date.now() - ageMs);
  await fs.lutimes(lockPathFor(dirs, NAME), when, when);
};

describe("filesystem lock fencing", () => {
  it("never breaks the lock of a live owner on this host, however old", async () => {
    const held = await acquireObjectLock(dirs, NAME);
    await ageLock(60_000);
    await expect(acquireObjectLock(dirs, NAME, { timeoutMs: 100, staleMs: 1_000 })).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(held.isHeld()).toBe(true);
    await held.release();
  });

  it("breaks a lock whose pid now names another process (reused pid: the start time differs)", async () => {
    await fs.mkdir(dirs.locks, { recursive: true });
    await fs.symlink(ownerRecord({ pid: process.pid, host: os.hostname(), token: "before-reboot", start: "1" }), lockPathFor(dirs, NAME));
    const lock = await acquireObjectLock(dirs, NAME, { timeoutMs: 2_000, staleMs: 60_000 });
    expect(lock.isHeld()).toBe(true);
    await lock.release();
  });

  it("tells a holder that its lock was broken and taken (what a put checks just before its rename)", async () => {
    const held = await acquireObjectLock(dirs, NAME);
    expect(held.isHeld()).toBe(true);
    const taker = ownerRecord({ pid: 1, host: "elsewhere", token: "taker" });
    await fs.unlink(lockPathFor(dirs, NAME));
    await fs.symlink(taker, lockPathFor(dirs, NAME));
    expect(held.isHeld()).toBe(false);
    await held.release();
    expect(await fs.readlink(lockPathFor(dirs, NAME), "utf8")).toBe(taker);
  });
});
