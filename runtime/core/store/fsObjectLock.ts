/**
 * A per-object lock that works ACROSS PROCESSES sharing one bucket directory, so that the
 * generation check and the rename of a compare-and-swap are one step for every writer.
 *
 * A lock is a symbolic link whose target text is its owner record (as Emacs's `.#file` locks
 * are): `symlink` creates it with the owner in one atomic call and fails with EEXIST when the lock
 * is held, so nobody ever sees a lock without an owner, and `readlink` reads the owner back in
 * one call. A lock of this host is stale only when its owner process is dead — a writer killed
 * with SIGKILL — or its pid now names another process (the owner records its start time): never
 * by age, since a live owner that stalled (a pause, a clock step) would then commit after a
 * second writer passed the same generation check. A lock of another host, or one whose owner
 * cannot be read, is stale once older than `staleMs`; for that case a holder checks that the lock
 * is still its own just before it commits (`isHeld`), which leaves only the moment between that
 * check and the rename unguarded. A stale lock is removed under a short "breaker" lock after
 * re-reading that it is still the same stale one, so two waiters never both remove a fresh lock. Waiting is bounded: after `timeoutMs` the caller gets StoreUnavailableError naming
 * the object.
 *
 * Taking and releasing a free lock is one `symlink`, then one `readlink` and one `unlink`, all
 * synchronous (why: fsObjectPaths.ts); a put's fencing check before its rename is one more
 * `readlink`, compared as text with the record written. The owner record is kept short
 * (`ownerRecord`): on ext4 a symlink target of up to 59 bytes lives in the inode itself, a longer
 * one takes a data block, allocated and freed in every write's journal commit (a 72-byte record
 * made a write with its fsyncs about 25 % slower: bench/README.md, "Combiner after issue 14"). A lock
 * that is not a symlink (a file someone put there) has no readable owner and is judged by its age
 * alone.
 */
import { createHash, randomBytes } from "node:crypto";
import fsSync, { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { StoreUnavailableError } from "../errors.js";

export interface LockTimings {
  /** How long to wait for a busy lock before giving up. */
  timeoutMs: number;
  /** A lock of another host (or without a readable owner) older than this is broken. */
  staleMs: number;
}

export const DEFAULT_LOCK_TIMINGS: LockTimings = { timeoutMs: 10_000, staleMs: 30_000 };

/** Breaking a lock is a read and an unlink: a breaker lock older than this belongs to a dead breaker. */
const BREAKER_STALE_MS = 2_000;
const MIN_BACKOFF_MS = 1;
const MAX_BACKOFF_MS = 25;

export interface LockOwner {
  pid: number;
  host: string;
  token: string;
  /** The owner process's start time (/proc/<pid>/stat field 22), to tell a reused pid. */
  start?: string;
}

/** An owner with the symlink target text that records it. */
type RecordedOwner = LockOwner & { record: string };

export interface HeldLock {
  /** Whether the lock is still this holder's (not broken as stale): checked just before committing. */
  isHeld(): boolean;
  release(): Promise<void>;
}

/** Where the locks and temp files of one bucket live (both under the hidden internal dir). */
export interface LockDirs {
  locks: string;
  tmp: string;
}

export function lockPathFor(dirs: LockDirs, objectName: string): string {
  const digest = createHash("sha256").update(objectName).digest("hex").slice(0, 40);
  return path.join(dirs.locks, `${digest}.lock`);
}

/** Waits (bounded) for the lock of `objectName`, breaking it if its holder died. */
export async function acquireObjectLock(
  dirs: LockDirs,
  objectName: string,
  timings: LockTimings = DEFAULT_LOCK_TIMINGS,
): Promise<HeldLock> {
  const lockPath = lockPathFor(dirs, objectName);
  const owner = newOwner();
  const deadline = Date.now() + timings.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(dirs, lockPath, owner, objectName)) {
      return { isHeld: () => readRecord(lockPath) === owner.record, release: async () => releaseIfOwned(lockPath, owner, objectName) };
    }
    const holder = inspect(lockPath);
    if (holder && (await isStale(holder.owner, holder.ageMs, timings.staleMs))) {
      await breakStale(dirs, lockPath, holder.owner, objectName);
      // Retry at once, but not past the deadline: a breaker lock held by a stalled process would otherwise keep us here.
      if (Date.now() < deadline) continue;
    }
    if (Date.now() >= deadline) {
      const who = holder?.owner ? ` (held by pid ${holder.owner.pid} on ${holder.owner.host})` : "";
      throw new StoreUnavailableError(objectName, `lock busy for more than ${timings.timeoutMs} ms${who}`);
    }
    await sleep(backoffMs(attempt));
  }
}

/** Read once: os.hostname() is a system call, and a lock is taken per write. */
const HOST = os.hostname();

/** When a process started, in clock ticks since boot; undefined without /proc. */
function processStart(pid: number | "self"): string | undefined {
  try {
    const stat = fsSync.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; starttime is field 22, the 20th of those.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

const START = processStart("self");

/**
 * Owner tokens: random per process, counted per lock. They only tell one holder from another
 * (a release must never remove a lock someone else took since), so they need no fresh randomness
 * per lock, which cost a CSPRNG call and its fork check (a getpid) per write. Six random bytes
 * (eight characters) tell processes apart that share pid and start time (containers of one host
 * sharing the directory); within a process the count does.
 */
const TOKEN_PREFIX = randomBytes(6).toString("base64url");
let locksTaken = 0;

function newOwner(): RecordedOwner {
  const owner: LockOwner = { pid: process.pid, host: HOST, token: `${TOKEN_PREFIX}.${(locksTaken++).toString(36)}`, ...(START !== undefined && { start: START }) };
  return { ...owner, record: ownerRecord(owner) };
}

/**
 * The symlink target recording `owner`: `<pid>.<start>.<token>@<host>`, pid and start in base 36
 * (start empty when unknown). At most 28 bytes before the host up to a process's 36^4-th lock
 * (its count in base 36 has four digits), so host names up to 31 characters keep it within the
 * 59 bytes ext4 stores in the inode. Pid and start hold no dot, token and host
 * no `@`, so the record parses back unambiguously.
 */
export function ownerRecord(owner: LockOwner): string {
  const start = owner.start === undefined ? "" : Number(owner.start).toString(36);
  return `${owner.pid.toString(36)}.${start}.${owner.token}@${owner.host}`;
}

const RECORD = /^([0-9a-z]+)\.([0-9a-z]*)\.([^@]+)@([^@]+)$/;

function backoffMs(attempt: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** attempt);
  return MIN_BACKOFF_MS + Math.random() * ceiling;
}

/** Creates `lockPath` holding `owner`, atomically; false when someone else holds it. */
function tryCreate(dirs: LockDirs, lockPath: string, owner: RecordedOwner, objectName: string): boolean {
  try {
    fsSync.symlinkSync(owner.record, lockPath);
    return true;
  } catch (err) {
    if (errorCode(err) === "EEXIST") return false;
    if (errorCode(err) === "ENOENT") {
      fsSync.mkdirSync(dirs.locks, { recursive: true });
      return tryCreate(dirs, lockPath, owner, objectName);
    }
    throw new StoreUnavailableError(objectName, `cannot create lock: ${String(err)}`, { cause: err });
  }
}

/** The current holder of a lock and the lock's age; undefined when the lock is gone. */
function inspect(lockPath: string): { owner: LockOwner | undefined; ageMs: number } | undefined {
  let stat: fsSync.Stats;
  try {
    stat = fsSync.lstatSync(lockPath);
  } catch (err) {
    if (errorCode(err) === "ENOENT") return undefined;
    throw err;
  }
  return { owner: stat.isSymbolicLink() ? readOwner(lockPath) : undefined, ageMs: Date.now() - stat.mtimeMs };
}

/** The owner record in a lock as text, without its age: what a release and a fencing check compare. */
function readRecord(lockPath: string): string | undefined {
  try {
    return fsSync.readlinkSync(lockPath, "utf8");
  } catch (err) {
    // Gone, or not a symlink (EINVAL): no owner to read.
    if (errorCode(err) === "ENOENT" || errorCode(err) === "EINVAL") return undefined;
    throw err;
  }
}

function readOwner(lockPath: string): LockOwner | undefined {
  const record = readRecord(lockPath);
  return record === undefined ? undefined : parseOwner(record);
}

/** Removes `file`; one that is already gone is fine. */
export async function unlinkIfPresent(file: string): Promise<void> {
  try {
    await fs.unlink(file);
  } catch (err) {
    if (errorCode(err) !== "ENOENT") throw err;
  }
}

/** The owner a record names; undefined (judged by the lock's age alone) when it is not one. */
function parseOwner(record: string): LockOwner | undefined {
  const match = RECORD.exec(record);
  if (!match) return undefined;
  const [, pid, start, token, host] = match as unknown as [string, string, string, string, string];
  return { pid: parseInt(pid, 36), host, token, ...(start !== "" && { start: parseInt(start, 36).toString() }) };
}

async function isStale(owner: LockOwner | undefined, ageMs: number, staleMs: number): Promise<boolean> {
  if (owner === undefined || owner.host !== HOST) return ageMs > staleMs;
  if (!(await isProcessAlive(owner.pid))) return true;
  // Alive, unless the pid was reused by a process started since.
  return owner.start !== undefined && processStart(owner.pid) !== owner.start;
}

async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(err) !== "ESRCH";
  }
  // A killed process whose parent has not reaped it yet still answers signal 0: on Linux,
  // /proc/<pid>/stat tells a zombie (state Z, after the parenthesised command name).
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  const state = stat?.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
  return state !== "Z" && state !== "X";
}

/**
 * Removes a stale lock, but only if it is still the one judged stale: the re-read and the
 * unlink happen under `<lock>.break`, so a lock freshly taken by a live writer is never removed.
 */
async function breakStale(dirs: LockDirs, lockPath: string, stale: LockOwner | undefined, objectName: string): Promise<void> {
  const breakerPath = `${lockPath}.break`;
  const breaker = newOwner();
  if (!tryCreate(dirs, breakerPath, breaker, objectName)) {
    const other = inspect(breakerPath);
    if (other && (await isStale(other.owner, other.ageMs, BREAKER_STALE_MS))) await fs.rm(breakerPath, { force: true });
    else await sleep(backoffMs(0));
    return;
  }
  try {
    const current = inspect(lockPath);
    if (current && current.owner?.token === stale?.token) await unlinkIfPresent(lockPath);
  } finally {
    releaseIfOwned(breakerPath, breaker, objectName);
  }
}

function releaseIfOwned(lockPath: string, owner: RecordedOwner, objectName: string): void {
  try {
    if (readRecord(lockPath) === owner.record) fsSync.unlinkSync(lockPath);
  } catch (err) {
    if (errorCode(err) !== "ENOENT") {
      throw new StoreUnavailableError(objectName, `cannot release lock: ${String(err)}`, { cause: err });
    }
  }
}

export function errorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String((err as { code: unknown }).code) : undefined;
}
