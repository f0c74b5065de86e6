/**
 * Maps object names to files under a bucket root and guarantees they stay there: names are
 * checked (assertSafeObjectName, no internal `.piaa/` dir), and every path is resolved through
 * symlinks (realpath) and must land inside the root's real path before it is read or written.
 *
 * Which calls of the store are synchronous, and why: only fsync (a wait for the disk), mkdir
 * (rare) and reads of large objects go through libuv's thread pool. Every other call (realpath,
 * stat, open, a temp file's write into the page cache, utimes, symlink, rename, unlink) is
 * synchronous: each takes microseconds to a fraction of a millisecond on a local disk, less
 * than the CPU of a thread-pool trip on a loaded machine (futex wake-ups and context switches,
 * about half of the store's cost in the survey-burst bench: bench/README.md). The price is that
 * a rename can hold the event loop for a millisecond or two while ext4 commits its journal.
 */
import fsSync, { promises as fs } from "node:fs";
import path from "node:path";
import { InvalidObjectNameError, StoreUnavailableError } from "../errors.js";
import { assertSafeObjectName } from "../objectNames.js";
import { errorCode } from "./fsObjectLock.js";
import type { LockDirs } from "./fsObjectLock.js";

/** The hidden directory of the store's own files (temp files, locks); never an object. */
export const INTERNAL_DIR = ".piaa";

/**
 * NAME_MAX of Linux filesystems (ext4, xfs, btrfs, tmpfs): the longest file or folder name, in bytes.
 * Cloud Storage has no per-segment limit, only the name's 1024 bytes.
 */
export const MAX_PATH_PART_BYTES = 255;

/** The checked path parts of an object name. */
export function objectParts(name: string): string[] {
  const parts = assertSafeObjectName(name);
  if (parts[0] === INTERNAL_DIR) throw new InvalidObjectNameError(name, `"${INTERNAL_DIR}/" is the store's internal directory`);
  // Refused up front: the filesystem's ENAMETOOLONG would surface as "store unavailable", which
  // tells a client to retry a name that can never be stored.
  if (parts.some((part) => Buffer.byteLength(part, "utf8") > MAX_PATH_PART_BYTES)) {
    throw new InvalidObjectNameError(name, `has a path part longer than ${MAX_PATH_PART_BYTES} bytes, which a filesystem bucket cannot hold`);
  }
  return parts;
}

/** The store's own directories under a bucket's real root: locks and temp files. */
export function internalDirs(realRoot: string): LockDirs {
  return { locks: path.join(realRoot, INTERNAL_DIR, "locks"), tmp: path.join(realRoot, INTERNAL_DIR, "tmp") };
}

export function isInside(realRoot: string, realPath: string): boolean {
  return realPath === realRoot || realPath.startsWith(realRoot + path.sep);
}

/** A resolved path may hold objects: inside the root, not in the internal dir (a symlink may point there). */
export function isObjectPath(realRoot: string, real: string): boolean {
  return isInside(realRoot, real) && !isInside(path.join(realRoot, INTERNAL_DIR), real);
}

function assertResolvedInside(realRoot: string, real: string, name: string): void {
  if (!isObjectPath(realRoot, real)) throw new InvalidObjectNameError(name, "resolves outside the bucket's objects (symlink)");
}

/** The real path of `root`, or undefined while the root does not exist yet. */
export async function realRootOf(root: string): Promise<string | undefined> {
  try {
    return await fs.realpath(root);
  } catch (err) {
    if (errorCode(err) === "ENOENT") return undefined;
    throw new StoreUnavailableError(root, `cannot resolve the bucket root: ${String(err)}`, { cause: err });
  }
}

/**
 * The real path of an existing object file, or undefined when there is none. A name whose file
 * (or a directory on the way) is a symlink leading out of the root is rejected, never followed,
 * whether or not the target exists (so nothing outside can be probed either).
 */
export async function resolveExistingFile(realRoot: string, name: string): Promise<string | undefined> {
  const parts = objectParts(name);
  const { real, depth } = await resolveDeepest(realRoot, name, parts);
  assertResolvedInside(realRoot, real, name);
  return depth === parts.length ? real : undefined;
}

/**
 * Creates the directory that will hold object `name` and returns its real path. The deepest
 * existing ancestor is resolved and checked first, so a symlinked directory pointing out of the
 * root can never make us create directories (or files) outside it.
 */
export async function ensureParentDir(realRoot: string, name: string): Promise<string> {
  const dirParts = objectParts(name).slice(0, -1);
  const { real, depth } = await resolveDeepest(realRoot, name, dirParts);
  assertResolvedInside(realRoot, real, name);
  const missing = dirParts.slice(depth);
  if (missing.length === 0) return real;
  const dir = path.join(real, ...missing);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (err) {
    if (errorCode(err) === "ENOTDIR" || errorCode(err) === "EEXIST") throw folderConflict(name);
    throw storeError(name, "cannot create the parent directory of", err);
  }
  // New folders are durable only once the folders holding their entries are synced too.
  for (let depth = 0; depth < missing.length; depth++) await syncDirectory(path.join(real, ...missing.slice(0, depth)));
  return dir;
}

/** Per directory: the fsync running now, and the one queued to start after it. */
const directorySyncs = new Map<string, { running: Promise<void>; next?: Promise<void> }>();

/**
 * Makes the entries of `dir` durable: resolves after an fsync of `dir` that STARTED after this
 * call, so every rename made before the call is covered. Callers arriving while an fsync runs
 * share the single one queued behind it (group commit): concurrent writes to one folder, like
 * every MLC write into MLC/, pay about one directory fsync per disk round trip, not one each.
 */
export function syncDirectory(dir: string): Promise<void> {
  const state = directorySyncs.get(dir);
  if (!state) return startDirectorySync(dir);
  const next = () => startDirectorySync(dir);
  state.next ??= state.running.then(next, next);
  return state.next;
}

function startDirectorySync(dir: string): Promise<void> {
  const running: Promise<void> = fsyncDirectory(dir).finally(() => {
    if (directorySyncs.get(dir)?.running === running) directorySyncs.delete(dir);
  });
  directorySyncs.set(dir, { running });
  return running;
}

async function fsyncDirectory(dir: string): Promise<void> {
  const fd = fsSync.openSync(dir, "r");
  try {
    await new Promise<void>((resolve, reject) => fsSync.fsync(fd, (err) => (err ? reject(err) : resolve())));
  } finally {
    fsSync.closeSync(fd);
  }
}

export function folderConflict(name: string): InvalidObjectNameError {
  return new InvalidObjectNameError(name, "a filesystem bucket cannot hold both an object and objects under it as a folder");
}

/** The real path of the longest existing leading part of `parts`, and how many parts that is. */
async function resolveDeepest(realRoot: string, name: string, parts: string[]): Promise<{ real: string; depth: number }> {
  for (let depth = parts.length; depth >= 0; depth--) {
    try {
      return { real: fsSync.realpathSync.native(path.join(realRoot, ...parts.slice(0, depth))), depth };
    } catch (err) {
      const code = errorCode(err);
      if ((code !== "ENOENT" && code !== "ENOTDIR") || depth === 0) throw storeError(name, "cannot resolve", err);
    }
  }
  throw new Error("unreachable: depth 0 is the root itself");
}

/** Removes the now-empty directories between an object's directory and the root. */
export async function pruneEmptyDirs(realRoot: string, dir: string): Promise<void> {
  for (let current = dir; current !== realRoot && isInside(realRoot, current); current = path.dirname(current)) {
    try {
      await fs.rmdir(current);
    } catch {
      return; // not empty (or already gone, or raced with a writer): stop pruning
    }
  }
}

/** Filesystem failures as StoreUnavailableError, naming the object and what was being done. */
export function storeError(name: string, doing: string, err: unknown): StoreUnavailableError {
  const code = errorCode(err);
  return new StoreUnavailableError(name, `${doing} ${name}: ${code ?? String(err)}`, { cause: err });
}
