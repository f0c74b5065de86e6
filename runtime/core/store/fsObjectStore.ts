/**
 * The embedded default bucket: a directory in which object `LC/a/b.json` is the plain file
 * `<root>/LC/a/b.json`, so files put there by cp, rsync or the 2016 data set are objects too.
 *
 * A generation is the file's mtime in microseconds, so it is derived from the file itself. Every
 * write sets the new file's mtime explicitly to max(now, previous generation + 1) before the
 * rename, so generations strictly increase even where the filesystem clock is coarse. Writes go
 * to a temp file under `<root>/.piaa/tmp` (write, fsync, rename, fsync of the directory), so a
 * reader or a killed writer never sees a torn object; the generation check and the rename happen
 * under a per-object lock that works across processes (fsObjectLock.ts). Reads open the file once
 * and take bytes and generation from the same descriptor. Most calls are synchronous (which and
 * why: fsObjectPaths.ts).
 */
import type { BigIntStats } from "node:fs";
import fsSync, { constants, promises as fs } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { InvalidObjectNameError, InvalidRequestError, NotFoundError, PiaaError, PreconditionFailedError, StoreUnavailableError } from "../errors.js";
import { DEFAULT_LOCK_TIMINGS, acquireObjectLock, errorCode } from "./fsObjectLock.js";
import type { HeldLock, LockTimings } from "./fsObjectLock.js";
import { listObjectFiles } from "./fsObjectListing.js";
import { internalDirs, isObjectPath, objectParts, pruneEmptyDirs, realRootOf, resolveExistingFile, storeError, syncDirectory } from "./fsObjectPaths.js";
import { discardTempFile, generationOf, renameInto, stampGeneration, sweepAbandonedTemps, writeTempFile } from "./fsObjectWrite.js";
import { compareGenerations, iterateAllPages } from "./objectStore.js";
import type { DeleteOptions, Generation, ListOptions, ListPage, ObjectStat, ObjectStore, PutOptions, StoredObject } from "./objectStore.js";

export { generationOf } from "./fsObjectWrite.js";

const readAll = promisify(fsSync.readFile);

/**
 * Objects up to this size are read synchronously: a just-written LC or MLC is in the page cache,
 * and copying it takes less CPU than the thread-pool trips of an async read. Larger ones (a hot
 * star's MLC reaches 10 MB) go through the pool, off the event loop.
 */
const SYNC_READ_MAX_BYTES = 1 << 20;

async function readContents(fd: number, size: bigint): Promise<Buffer> {
  return size > BigInt(SYNC_READ_MAX_BYTES) ? readAll(fd) : fsSync.readFileSync(fd);
}

export interface FsObjectStoreOptions {
  /** The bucket directory; created on the first write. */
  root: string;
  /** Bounds on waiting for, and breaking, per-object locks. @default DEFAULT_LOCK_TIMINGS */
  lock?: Partial<LockTimings>;
}

/** GCS's page size cap; the filesystem store keeps the same so callers see the same pages. */
export const MAX_LIST_RESULTS = 1000;

export class FsObjectStore implements ObjectStore {
  readonly url: string;
  readonly bucket: string;
  private readonly root: string;
  private readonly lockTimings: LockTimings;
  private realRoot: string | undefined;
  private tmpSwept = false;

  constructor({ root, lock }: FsObjectStoreOptions) {
    this.root = path.resolve(root);
    this.url = pathToFileURL(this.root).href;
    this.bucket = path.basename(this.root);
    this.lockTimings = { ...DEFAULT_LOCK_TIMINGS, ...lock };
  }

  async get(name: string): Promise<StoredObject> {
    return (await this.read(name))!;
  }

  async getIfChanged(name: string, generation: Generation): Promise<StoredObject | undefined> {
    return this.read(name, generation);
  }

  /** The object's bytes and stat, taken from one descriptor; undefined when it is at `unless`. */
  private async read(name: string, unless?: Generation): Promise<StoredObject | undefined> {
    objectParts(name);
    return this.guard(name, "cannot read", async () => {
      const file = await this.existingFile(name);
      let fd: number;
      try {
        fd = fsSync.openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (err) {
        if (errorCode(err) === "ENOENT") throw new NotFoundError(name); // deleted since resolved
        throw err;
      }
      try {
        const stat = fsSync.fstatSync(fd, { bigint: true });
        if (!stat.isFile()) throw new NotFoundError(name);
        const found = toObjectStat(name, stat);
        if (found.generation === unless) return undefined;
        return { ...found, data: await readContents(fd, stat.size) };
      } finally {
        fsSync.closeSync(fd);
      }
    });
  }

  async stat(name: string): Promise<ObjectStat> {
    objectParts(name);
    return this.guard(name, "cannot stat", async () => toObjectStat(name, await this.statExisting(name)));
  }

  async put(name: string, data: Uint8Array, options: PutOptions = {}): Promise<ObjectStat> {
    const parts = objectParts(name);
    return this.guard(name, "cannot write", async () => {
      const realRoot = await this.createdRoot();
      const expected = options.ifGenerationMatch;
      // Fail a stale compare-and-swap before paying for the temp file's fsync.
      if (expected !== undefined) checkPrecondition(name, expected, await this.currentGeneration(realRoot, name));
      const dirs = internalDirs(realRoot);
      const temp = await writeTempFile(dirs, data);
      let renamed = false;
      try {
        const lock = await acquireObjectLock(dirs, name, this.lockTimings);
        let committed: { stat: BigIntStats; dir: string };
        try {
          const current = await this.currentGeneration(realRoot, name);
          if (expected !== undefined) checkPrecondition(name, expected, current);
          const stat = stampGeneration(name, temp.fd, current);
          checkStillHeld(name, lock);
          committed = { stat, dir: await renameInto(realRoot, name, temp.path, parts.at(-1)!) };
          renamed = true;
        } finally {
          await lock.release();
        }
        await syncDirectory(committed.dir);
        return toObjectStat(name, committed.stat);
      } finally {
        await discardTempFile(temp, { renamed });
      }
    });
  }

  async delete(name: string, options: DeleteOptions = {}): Promise<void> {
    const parts = objectParts(name);
    await this.guard(name, "cannot delete", async () => {
      const realRoot = await this.existingRoot(name);
      const lock = await acquireObjectLock(internalDirs(realRoot), name, this.lockTimings);
      let dir: string;
      try {
        const current = await this.currentGeneration(realRoot, name);
        if (current === undefined) throw new NotFoundError(name);
        if (options.ifGenerationMatch !== undefined) checkPrecondition(name, options.ifGenerationMatch, current);
        // Unlink the entry itself (a symlink, not its target) in its real, checked directory.
        dir = await fs.realpath(path.join(realRoot, ...parts.slice(0, -1)));
        if (!isObjectPath(realRoot, dir)) throw new InvalidObjectNameError(name, "resolves outside the bucket's objects (symlink)");
        checkStillHeld(name, lock);
        await fs.unlink(path.join(dir, parts.at(-1)!));
      } finally {
        await lock.release();
      }
      await pruneEmptyDirs(realRoot, dir);
    });
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const prefix = options.prefix ?? "";
    const limit = pageSize(options.maxResults);
    const after = options.pageToken === undefined ? undefined : decodePageToken(options.pageToken);
    return this.guard(prefix || "/", "cannot list", async () => {
      const realRoot = await realRootOf(this.root);
      if (realRoot === undefined) return { objects: [] };
      const { files, more } = await listObjectFiles(realRoot, { prefix, after, limit });
      const objects = files.map((file) => toObjectStat(file.name, file.stat));
      const last = objects.at(-1);
      return more && last ? { objects, nextPageToken: Buffer.from(last.name, "utf8").toString("base64url") } : { objects };
    });
  }

  listAll(prefix?: string): AsyncIterable<ObjectStat> {
    return iterateAllPages(this, prefix);
  }

  /** Turns unexpected filesystem failures into StoreUnavailableError naming the object. */
  private async guard<T>(name: string, doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof PiaaError) throw err;
      throw storeError(name, doing, err);
    }
  }

  private async existingRoot(name: string): Promise<string> {
    this.realRoot ??= await realRootOf(this.root);
    if (this.realRoot === undefined) throw new NotFoundError(name);
    return this.realRoot;
  }

  private async createdRoot(): Promise<string> {
    if (this.realRoot === undefined) {
      await fs.mkdir(this.root, { recursive: true });
      this.realRoot = await fs.realpath(this.root);
    }
    if (!this.tmpSwept) {
      this.tmpSwept = true;
      await sweepAbandonedTemps(internalDirs(this.realRoot).tmp);
    }
    return this.realRoot;
  }

  private async existingFile(name: string): Promise<string> {
    const file = await resolveExistingFile(await this.existingRoot(name), name);
    if (file === undefined) throw new NotFoundError(name);
    return file;
  }

  private async statExisting(name: string): Promise<BigIntStats> {
    try {
      const stat = fsSync.statSync(await this.existingFile(name), { bigint: true });
      if (stat.isFile()) return stat;
    } catch (err) {
      if (errorCode(err) !== "ENOENT") throw err;
    }
    throw new NotFoundError(name);
  }

  /** The object's generation now, or undefined when it does not exist. */
  private async currentGeneration(realRoot: string, name: string): Promise<bigint | undefined> {
    const file = await resolveExistingFile(realRoot, name);
    if (file === undefined) return undefined;
    try {
      const stat = fsSync.statSync(file, { bigint: true });
      return stat.isFile() ? BigInt(generationOf(stat)) : undefined;
    } catch (err) {
      if (errorCode(err) === "ENOENT") return undefined;
      throw err;
    }
  }
}

function toObjectStat(name: string, stat: BigIntStats): ObjectStat {
  return { name, generation: generationOf(stat), size: Number(stat.size), updated: new Date(Number(stat.mtimeMs)) };
}

/** A lock broken while held (its holder stalled past the stale bound) must not commit: retry later. */
function checkStillHeld(name: string, lock: HeldLock): void {
  if (!lock.isHeld()) throw new StoreUnavailableError(name, "the object's lock was broken while this write held it");
}

function checkPrecondition(name: string, expected: Generation, current: bigint | undefined): void {
  const holds = expected === "0" ? current === undefined : current !== undefined && compareGenerations(expected, current.toString()) === 0;
  if (!holds) throw new PreconditionFailedError(name, expected);
}

function pageSize(maxResults: number | undefined): number {
  if (maxResults === undefined) return MAX_LIST_RESULTS;
  if (!Number.isInteger(maxResults) || maxResults < 1) throw new InvalidRequestError("maxResults", `${maxResults} is not a positive integer`);
  return Math.min(maxResults, MAX_LIST_RESULTS);
}

function decodePageToken(token: string): string {
  const name = Buffer.from(token, "base64url").toString("utf8");
  if (name === "" || Buffer.from(name, "utf8").toString("base64url") !== token) {
    throw new InvalidRequestError("pageToken", `${JSON.stringify(token)} is not a page token of this store`);
  }
  return name;
}
