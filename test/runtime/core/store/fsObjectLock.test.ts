import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreUnavailableError } from "../../../../runtime/core/errors.js";
import { acquireObjectLock, lockPathFor, ownerRecord } from "../../../../runtime/core/store/fsObjectLock.js";
import type { LockDirs } from "../../../../runtime/core/store/fsObjectLock.js";

const NAME = "MLC/PIC_J0326137+295015.json";
let scratch: string;
let dirs: LockDirs;

beforeEach(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), "piaa-fs-lock-"));
  dirs = { locks: path.join(scratch, "locks"), tmp: path.join(scratch, "tmp") };
});
afterEach(async () => {
  await fs.rm(scratch, { recursive: true, force: true });
});

/** A lock as another process would have left it (a symlink to its owner record), `ageMs` old. */
async function plantLock(owner: string, ageMs = 0, { as = "symlink" }: { as?: "symlink" | "file" } = {}): Promise<string> {
  const lockPath = lockPathFor(dirs, NAME);
  await fs.mkdir(dirs.locks, { recursive: true });
  if (as === "symlink") await fs.symlink(owner, lockPath);
  else await fs.writeFile(lockPath, owner);
  const when = new Date(Date.now() - ageMs);
  await fs.lutimes(lockPath, when, when);
  return lockPath;
}

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("acquireObjectLock", () => {
  it("serialises holders of one object and lets other objects through", async () => {
    const first = await acquireObjectLock(dirs, NAME);
    const order: string[] = [];
    const second = acquireObjectLock(dirs, NAME).then((lock) => {
      order.push("second acquired");
      return lock;
    });
    const other = await acquireObjectLock(dirs, "MLC/other.json");
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push("first releasing");
    await first.release();
    await (await second).release();
    await other.release();
    expect(order).toEqual(["first releasing", "second acquired"]);
    expect(await fs.readdir(dirs.locks)).toEqual([]);
  });

  it("records its owner in a symlink target that ext4 keeps in the inode (at most 59 bytes) for host names up to 31 characters", async () => {
    const lock = await acquireObjectLock(dirs, NAME);
    const record = await fs.readlink(lockPathFor(dirs, NAME), "utf8");
    await lock.release();
    expect(record.startsWith(`${process.pid.toString(36)}.`) && record.endsWith(`@${os.hostname()}`)).toBe(true);
    const token = record.slice(record.indexOf(".", record.indexOf(".") + 1) + 1, record.lastIndexOf("@"));
    // The token is the process's random prefix and its count of locks taken, which grows with the
    // process's age: the bound holds up to its 36^4-th lock (count "zzzz"), whatever came before.
    const prefix = token.slice(0, token.lastIndexOf("."));
    expect(prefix).toMatch(/^[\w-]{8}$/);
    // The longest pid Linux issues (pid_max 2^22) and a start time of 10 digits (clock ticks: over three years of uptime).
    expect(ownerRecord({ pid: 2 ** 22, start: "9999999999", token: `${prefix}.zzzz`, host: "h".repeat(31) }).length).toBeLessThanOrEqual(59);
  });

  it("breaks a lock whose owner process on this host is dead", async () => {
    await plantLock(ownerRecord({ pid: deadPid(), host: os.hostname(), token: "dead" }));
    const lock = await acquireObjectLock(dirs, NAME, { timeoutMs: 2_000, staleMs: 60_000 });
    await lock.release();
  });

  it("breaks a lock whose owner was killed but not yet reaped (a zombie)", async () => {
    // A child that exits only when told to, under a parent that never reaps it: the shell starts
    // `head -c1` on its stdin, then execs `sleep`, which never waits for children. The child is
    // told to exit (one byte) only once the exec has happened: a shell may reap a child that
    // exits before it execs, and /proc/<pid>/stat would be gone (the old flake under load).
    // From then on nothing can reap the zombie until the parent is killed below. The waits are
    // for states, bounded by the test timeout, not by a count.
    const script = "exec 3<&0; head -c1 <&3 >/dev/null & echo $!; exec sleep 600";
    const parent = spawn("sh", ["-c", script], { stdio: ["pipe", "pipe", "ignore"] });
    const until = async (ready: () => Promise<boolean>) => {
      while (!(await ready())) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    try {
      const [line] = (await once(parent.stdout, "data")) as [Buffer];
      const zombie = Number(line.toString());
      const state = async () => {
        const stat = await fs.readFile(`/proc/${zombie}/stat`, "utf8");
        return stat[stat.lastIndexOf(")") + 2];
      };
      await until(async () => (await fs.readFile(`/proc/${parent.pid}/comm`, "utf8")).trim() === "sleep");
      parent.stdin.write("x");
      await until(async () => (await state()) === "Z");
      await plantLock(ownerRecord({ pid: zombie, host: os.hostname(), token: "zombie" }));
      const lock = await acquireObjectLock(dirs, NAME, { timeoutMs: 2_000, staleMs: 60_000 });
      await lock.release();
      expect(await state()).toBe("Z");
    } finally {
      parent.kill("SIGKILL");
    }
  });

  it("waits for a live owner, then fails naming the object and the holder", async () => {
    await plantLock(ownerRecord({ pid: process.pid, host: os.hostname(), token: "live" }));
    const attempt = acquireObjectLock(dirs, NAME, { timeoutMs: 150, staleMs: 60_000 });
    await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(attempt).rejects.toThrow(`${NAME}: lock busy for more than 150 ms (held by pid ${process.pid}`);
  });

  it.each([
    // The pid is dead on this host: only the host check keeps the young lock (pid 1 would be alive anywhere).
    ["another host's lock", ownerRecord({ pid: deadPid(), host: "elsewhere", token: "remote" }), "symlink"],
    ["an unreadable lock", "garbage", "symlink"],
    // Not a symlink: no owner can be read from it, even one naming a dead process.
    ["a plain file where a lock should be", ownerRecord({ pid: deadPid(), host: os.hostname(), token: "file" }), "file"],
  ] as const)("breaks %s only once it is older than the stale bound", async (_what, owner, as) => {
    const young = await plantLock(owner, 0, { as });
    await expect(acquireObjectLock(dirs, NAME, { timeoutMs: 100, staleMs: 5_000 })).rejects.toBeInstanceOf(StoreUnavailableError);
    await fs.rm(young);
    await plantLock(owner, 10_000, { as });
    const lock = await acquireObjectLock(dirs, NAME, { timeoutMs: 2_000, staleMs: 5_000 });
    await lock.release();
  });

  it("does not remove a lock it no longer owns on release", async () => {
    const lock = await acquireObjectLock(dirs, NAME);
    const lockPath = lockPathFor(dirs, NAME);
    const taker = ownerRecord({ pid: process.pid, host: os.hostname(), token: "someone-else" });
    await fs.unlink(lockPath);
    await fs.symlink(taker, lockPath);
    await lock.release();
    expect(await fs.readlink(lockPath, "utf8")).toBe(taker);
  });

  it("lets racing waiters that find a dead owner's lock in through it one at a time", async () => {
    let inside = 0;
    let maxInside = 0;
    const pid = deadPid();
    for (let round = 0; round < 10; round++) {
      await plantLock(ownerRecord({ pid, host: os.hostname(), token: `dead-${round}` }));
      await Promise.all(
        Array.from({ length: 6 }, async (_, waiter) => {
          await new Promise((resolve) => setTimeout(resolve, waiter % 3));
          const lock = await acquireObjectLock(dirs, NAME, { timeoutMs: 5_000, staleMs: 60_000 });
          maxInside = Math.max(maxInside, ++inside);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inside--;
          await lock.release();
        }),
      );
    }
    expect(maxInside).toBe(1);
  });
});
