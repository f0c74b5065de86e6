/**
 * Lists the object files of a bucket directory in name (UTF-8 byte) order, as GCS does, walking
 * only the subtree a prefix can match and skipping whole subtrees that lie before the page
 * token. Directory symlinks are not followed (no cycles); file symlinks are listed only when they
 * resolve inside the root; names that are not valid object names are not objects and are skipped.
 */
import type { BigIntStats, Dirent } from "node:fs";
import { promises as fs } from "node:fs";
import path from "node:path";
import { INTERNAL_DIR, isObjectPath, objectParts, storeError } from "./fsObjectPaths.js";
import { errorCode } from "./fsObjectLock.js";

export interface ListedFile {
  name: string;
  stat: BigIntStats;
}

export interface ListFilesOptions {
  prefix: string;
  /** Only names strictly after this one (the previous page's last name). */
  after?: string;
  limit: number;
}

interface Walk {
  realRoot: string;
  after?: Buffer;
  limit: number;
  found: ListedFile[];
}

interface Candidate {
  entry: Dirent;
  name: string;
  /** What orders this entry among its siblings: its name, plus "/" for a directory. */
  key: Buffer;
  isDirectory: boolean;
}

/** Up to `limit` files after `after` under `prefix`, and whether more follow. */
export async function listObjectFiles(realRoot: string, options: ListFilesOptions): Promise<{ files: ListedFile[]; more: boolean }> {
  const slash = options.prefix.lastIndexOf("/");
  const dirPrefix = options.prefix.slice(0, slash + 1);
  const leaf = options.prefix.slice(slash + 1);
  const start = await startDirectory(realRoot, dirPrefix);
  const walk: Walk = {
    realRoot,
    after: options.after === undefined ? undefined : Buffer.from(options.after, "utf8"),
    limit: options.limit,
    found: [],
  };
  if (start !== undefined) await walkDirectory(walk, start, dirPrefix, leaf);
  return { files: walk.found.slice(0, options.limit), more: walk.found.length > options.limit };
}

/** The real directory a prefix's folder part names, or undefined when no object can match. */
async function startDirectory(realRoot: string, dirPrefix: string): Promise<string | undefined> {
  if (dirPrefix === "") return realRoot;
  try {
    objectParts(`${dirPrefix}x`);
  } catch {
    return undefined; // no valid object name starts with this prefix
  }
  try {
    const real = await fs.realpath(path.join(realRoot, dirPrefix));
    return isObjectPath(realRoot, real) ? real : undefined;
  } catch (err) {
    if (errorCode(err) === "ENOENT" || errorCode(err) === "ENOTDIR") return undefined;
    throw storeError(dirPrefix, "cannot list", err);
  }
}

async function walkDirectory(walk: Walk, dir: string, base: string, leaf: string): Promise<void> {
  const candidates = await candidatesIn(walk, dir, base, leaf);
  for (let i = 0; i < candidates.length && walk.found.length <= walk.limit; ) {
    const candidate = candidates[i]!;
    if (candidate.isDirectory) {
      i++;
      if (subtreeMayFollow(candidate.key, walk.after)) {
        await walkDirectory(walk, path.join(dir, candidate.entry.name), `${candidate.name}/`, "");
      }
      continue;
    }
    // A run of files is statted concurrently (in order), no more than the page still needs.
    const run: Candidate[] = [];
    for (; i < candidates.length && !candidates[i]!.isDirectory && run.length <= walk.limit - walk.found.length; i++) {
      const file = candidates[i]!;
      if (walk.after === undefined || Buffer.compare(file.key, walk.after) > 0) run.push(file);
    }
    const stats = await Promise.all(
      run.map((file) => statObjectFile(walk.realRoot, path.join(dir, file.entry.name), file.name, file.entry.isSymbolicLink())),
    );
    run.forEach((file, j) => {
      const stat = stats[j];
      if (stat) walk.found.push({ name: file.name, stat });
    });
  }
}

/** The entries of one directory that can hold listed objects, in name byte order. */
async function candidatesIn(walk: Walk, dir: string, base: string, leaf: string): Promise<Candidate[]> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (errorCode(err) === "ENOENT" || errorCode(err) === "ENOTDIR") return []; // removed while we walked
    throw storeError(base || "/", "cannot list", err);
  }
  const candidates: Candidate[] = [];
  for (const entry of entries) {
    if (!entry.name.startsWith(leaf)) continue;
    if (base === "" && entry.name === INTERNAL_DIR) continue;
    if (!entry.isDirectory() && !entry.isFile() && !entry.isSymbolicLink()) continue;
    const name = base + entry.name;
    const isDirectory = entry.isDirectory();
    candidates.push({ entry, name, isDirectory, key: Buffer.from(isDirectory ? `${name}/` : name, "utf8") });
  }
  return candidates.sort((a, b) => Buffer.compare(a.key, b.key));
}

/** Every name in a directory starts with its key: the subtree matters unless it all sorts before `after`. */
function subtreeMayFollow(key: Buffer, after: Buffer | undefined): boolean {
  if (after === undefined) return true;
  return Buffer.compare(key, after) > 0 || after.subarray(0, key.length).equals(key);
}

/** The stat of a listed entry if it is an object: a valid name, a regular file, inside the root. */
async function statObjectFile(realRoot: string, file: string, name: string, isLink: boolean): Promise<BigIntStats | undefined> {
  try {
    objectParts(name);
  } catch {
    return undefined;
  }
  try {
    if (isLink && !isObjectPath(realRoot, await fs.realpath(file))) return undefined;
    const stat = await fs.stat(file, { bigint: true });
    return stat.isFile() ? stat : undefined;
  } catch (err) {
    // Deleted while we walked, or a broken link (a looping one fails with ELOOP): no object,
    // and no reason to fail the whole listing.
    if (errorCode(err) === "ENOENT" || errorCode(err) === "ELOOP") return undefined;
    throw storeError(name, "cannot stat", err);
  }
}
