/**
 * The bucket a command was given, checked before the command relies on it, so that a mistaken
 * `--bucket` fails at once with a message naming it: a command that reads needs the directory
 * to exist (an absent one would read as an empty bucket: "0 stars", "object not found"); a
 * command that writes needs to write there before its first upload (README: exit 2 before any
 * upload). For a gs:// bucket one listing call shows that it exists and we may read it.
 */
import { rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { BucketUnavailableError, InvalidBucketError } from "../errors.js";
import { makeDirectories } from "../outputFiles.js";
import type { ObjectStore } from "./objectStore.js";
import { openObjectStore } from "./openObjectStore.js";

const errorCode = (error: unknown): string => String((error as NodeJS.ErrnoException).code ?? (error as Error).message);

const directoryOf = (store: ObjectStore): string | undefined => (store.url.startsWith("file://") ? fileURLToPath(store.url) : undefined);

async function assertRemoteReachable(store: ObjectStore): Promise<void> {
  await store.list({ maxResults: 1 }).catch((error: unknown) => {
    throw new BucketUnavailableError(store.url, `cannot be listed: ${(error as Error).message}`, { cause: error });
  });
}

/** A directory bucket exists and is a directory; a gs:// bucket answers a listing. */
export async function assertBucketReadable(store: ObjectStore): Promise<void> {
  const dir = directoryOf(store);
  if (dir === undefined) return assertRemoteReachable(store);
  const info = await stat(dir).catch((error: unknown) => {
    if (errorCode(error) === "ENOENT") {
      throw new BucketUnavailableError(dir, "no such directory: check --bucket or PIAA_BUCKET (piaa simulate or piaa start fills a new bucket)");
    }
    throw new BucketUnavailableError(dir, `cannot be read (${errorCode(error)})`, { cause: error });
  });
  if (!info.isDirectory()) throw new InvalidBucketError(dir, "is a file, not a directory: give the bucket's directory with --bucket or PIAA_BUCKET");
}

/** A directory bucket is created if need be and takes a file; a gs:// bucket answers a listing. */
export async function assertBucketWritable(store: ObjectStore): Promise<void> {
  const dir = directoryOf(store);
  if (dir === undefined) return assertRemoteReachable(store);
  const probe = path.join(dir, `.piaa-write-check-${process.pid}`);
  try {
    await makeDirectories(dir);
    await writeFile(probe, "");
    await rm(probe, { force: true });
  } catch (error) {
    const code = errorCode(error);
    const what = code === "EEXIST" || code === "ENOTDIR" ? "is (or is under) a file, not a directory" : `cannot be created or written (${code})`;
    throw new InvalidBucketError(dir, `${what}: give a directory you can write with --bucket or PIAA_BUCKET`, { cause: error });
  }
}

/** Opens a bucket whose data the command reads. */
export async function openBucketForReading(url: string): Promise<ObjectStore> {
  const store = openObjectStore(url);
  await assertBucketReadable(store);
  return store;
}
