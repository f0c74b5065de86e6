/**
 * How the filesystem store commits a write: the new bytes go to a temp file (write + fsync), the
 * temp file's mtime is stamped with the next generation, and it is renamed onto the object, so
 * readers and killed writers never see a torn object. Generations are mtimes in microseconds.
 *
 * Only the fsync goes through libuv's thread pool; the other calls are synchronous (why:
 * fsObjectPaths.ts).
 */
import type { BigIntStats } from "node:fs";
import fsSync, { promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { performance } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import { StoreUnavailableError } from "../errors.js";
import { errorCode, unlinkIfPresent } from "./fsObjectLock.js";
import type { LockDirs } from "./fsObjectLock.js";
import { ensureParentDir, folderConflict } from "./fsObjectPaths.js";
import type { Generation } from "./objectStore.js";

/** Temp files older than this were left by a killed writer and are swept on the first write. */
const ABANDONED_TMP_MS = 10 * 60_000;

/** The last clock-based generation this process issued: a floor for the next, whatever the clock does. */
let lastIssuedMicros = 0n;

// The callback API on a plain descriptor: no FileHandle object (and its finaliser) per call.
const fsync = promisify(fsSync.fsync);

export interface TempFile {
  path: string;
  /** The open file descriptor of the temp file. */
  fd: number;
}

/** Temp names: unique per host (pid), per container or machine sharing the directory (random), per write (count). */
const TEMP_PREFIX = `${process.pid}-${randomBytes(6).toString("hex")}`;
let tempFilesMade = 0;

/** Writes `data` durably to a new temp file; the caller closes and removes it. */
export async function writeTempFile(dirs: LockDirs, data: Uint8Array): Promise<TempFile> {
  const tmpPath = path.join(dirs.tmp, `${TEMP_PREFIX}-${(tempFilesMade++).toString(36)}.tmp`);
  const fd = await openTemp(dirs, tmpPath);
  try {
    for (let written = 0; written < data.byteLength; ) written += fsSync.writeSync(fd, data, written);
    await fsync(fd);
  } catch (err) {
    await discardTempFile({ path: tmpPath, fd });
    throw err;
  }
  return { path: tmpPath, fd };
}

/** Closes the temp file and, unless it was renamed onto its object, removes it. */
export async function discardTempFile(temp: TempFile, { renamed = false } = {}): Promise<void> {
  fsSync.closeSync(temp.fd);
  if (!renamed) await unlinkIfPresent(temp.path);
}

/** A file's generation: its mtime in microseconds (at least 1: "0" means "absent"). */
export function generationOf(stat: BigIntStats): Generation {
  const micros = stat.mtimeNs / 1000n;
  return (micros < 1n ? 1n : micros).toString();
}

/**
 * Sets the temp file's mtime to the next generation and reads back what the filesystem kept.
 * libuv truncates utimes to whole microseconds, so aim half a microsecond in to survive the
 * rounding of seconds-as-a-double.
 */
export function stampGeneration(name: string, fd: number, current: bigint | undefined): BigIntStats {
  const nowMicros = BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000));
  lastIssuedMicros = nowMicros > lastIssuedMicros ? nowMicros : lastIssuedMicros + 1n;
  // An object stamped in the future (clock skew, a tool's mtime) pushes only its own next generation.
  const next = current !== undefined && current >= lastIssuedMicros ? current + 1n : lastIssuedMicros;
  const seconds = Number(next) / 1e6 + 0.5e-6;
  fsSync.futimesSync(fd, seconds, seconds);
  const stat = fsSync.fstatSync(fd, { bigint: true });
  if (current !== undefined && BigInt(generationOf(stat)) <= current) {
    throw new StoreUnavailableError(name, "the filesystem does not keep microsecond file times, so generations cannot increase");
  }
  return stat;
}

/** Renames the temp file onto the object, creating (again, if a delete pruned it) its directory. */
export async function renameInto(realRoot: string, name: string, tmpPath: string, base: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const dir = await ensureParentDir(realRoot, name);
    try {
      fsSync.renameSync(tmpPath, path.join(dir, base));
      return dir;
    } catch (err) {
      const code = errorCode(err);
      if (code === "ENOENT" && attempt < 3) continue; // a delete of a sibling pruned the directory
      if (code === "EISDIR" || code === "ENOTDIR" || code === "ENOTEMPTY") {
        throw folderConflict(name);
      }
      throw err;
    }
  }
}

async function openTemp(dirs: LockDirs, tmpPath: string): Promise<number> {
  try {
    return fsSync.openSync(tmpPath, "wx", 0o644);
  } catch (err) {
    if (errorCode(err) !== "ENOENT") throw err;
    await fs.mkdir(dirs.tmp, { recursive: true });
    return fsSync.openSync(tmpPath, "wx", 0o644);
  }
}

export async function sweepAbandonedTemps(tmpDir: string): Promise<void> {
  const entries = await fs.readdir(tmpDir).catch(() => [] as string[]);
  const cutoff = Date.now() - ABANDONED_TMP_MS;
  for (const entry of entries) {
    const file = path.join(tmpDir, entry);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < cutoff && stat.ctimeMs < cutoff) await fs.rm(file, { force: true });
  }
}
