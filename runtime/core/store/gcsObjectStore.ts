/**
 * ObjectStore on a Cloud Storage bucket (gs://bucket) through @google-cloud/storage 7.
 *
 * Retries: the library retries reads, lists and calls guarded by ifGenerationMatch
 * (IdempotencyStrategy.RetryConditional); a put or delete without a precondition is sent once,
 * because repeating it could undo someone else's write. The library switches retries off by
 * writing `autoRetry = false` on the Storage object that an unconditional upload goes through,
 * and does not switch them back, so every later call on that client would silently lose its
 * retries. Unconditional calls therefore go through a second client that never retries.
 *
 * Uploads are single-request multipart uploads carrying the CRC32C of the bytes, which Cloud
 * Storage checks before it stores anything (https://cloud.google.com/storage/docs/hashes-etags).
 * Objects here are small JSON documents and FITS cubes held in memory: a resumable session would
 * add a request per write for nothing, since a failed write is repeated whole anyway.
 */
import { CRC32C, IdempotencyStrategy, Storage, type Bucket, type FileMetadata, type StorageOptions } from "@google-cloud/storage";
import { InvalidRequestError, StoreUnavailableError } from "../errors.js";
import { assertSafeObjectName } from "../objectNames.js";
import { gcsStatusOf, isRetryableGcsError, toStoreError } from "./gcsErrors.js";
import {
  compareGenerations,
  iterateAllPages,
  type DeleteOptions,
  type Generation,
  type ListOptions,
  type ListPage,
  type ObjectStat,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from "./objectStore.js";

/** How calls that are safe to repeat are retried after a failure that `isRetryableGcsError` accepts. */
export interface GcsRetryOptions {
  /** Retries after the first attempt; 0 turns retries off. */
  maxRetries: number;
  /** Longest wait between two attempts, in seconds; at least 1 (the library's upload retry waits 1 s or more). */
  maxRetryDelayS: number;
  /** Each wait is about this many times the previous one. */
  retryDelayMultiplier: number;
  /** No retry starts later than this after the first attempt, in seconds. */
  totalTimeoutS: number;
}

export const DEFAULT_GCS_MAX_RETRIES = 3;
export const DEFAULT_GCS_MAX_RETRY_DELAY_S = 8;
export const DEFAULT_GCS_RETRY_DELAY_MULTIPLIER = 2;
export const DEFAULT_GCS_TOTAL_TIMEOUT_S = 60;
/** One HTTP request to GCS gives up after this long. */
export const DEFAULT_GCS_REQUEST_TIMEOUT_MS = 30_000;
/** objects.list returns at most 1000 items per page. */
export const GCS_MAX_LIST_RESULTS = 1000;
/** A get reads metadata then that generation's bytes; if the object changes in between, try again. */
const MAX_GET_ATTEMPTS = 3;

export const DEFAULT_GCS_RETRY: Readonly<GcsRetryOptions> = {
  maxRetries: DEFAULT_GCS_MAX_RETRIES,
  maxRetryDelayS: DEFAULT_GCS_MAX_RETRY_DELAY_S,
  retryDelayMultiplier: DEFAULT_GCS_RETRY_DELAY_MULTIPLIER,
  totalTimeoutS: DEFAULT_GCS_TOTAL_TIMEOUT_S,
};

export interface GcsObjectStoreOptions {
  /** Bucket name, without gs://. */
  bucket: string;
  /** API endpoint of an emulator or test fake (`http://127.0.0.1:port`); no credentials are sent then. */
  apiEndpoint?: string;
  /** @default DEFAULT_GCS_RETRY */
  retry?: Partial<GcsRetryOptions>;
  /** @default DEFAULT_GCS_REQUEST_TIMEOUT_MS */
  requestTimeoutMs?: number;
  /** Further client settings (projectId, credentials, authClient...), given to both clients. */
  storage?: Omit<StorageOptions, "apiEndpoint" | "retryOptions" | "timeout">;
}

export class GcsObjectStore implements ObjectStore {
  readonly url: string;
  readonly bucket: string;
  /** Reads, lists and precondition-guarded writes: retried. */
  private readonly retrying: Bucket;
  /** Unconditional writes and deletes: sent once. */
  private readonly once: Bucket;

  constructor(options: GcsObjectStoreOptions) {
    this.bucket = options.bucket;
    this.url = `gs://${options.bucket}`;
    const retry = { ...DEFAULT_GCS_RETRY, ...options.retry };
    if (!(retry.maxRetryDelayS >= 1)) {
      throw new RangeError(`GcsObjectStore retry.maxRetryDelayS must be at least 1 (seconds), not ${retry.maxRetryDelayS}`);
    }
    this.retrying = bucketClient(options, retry, true);
    this.once = bucketClient(options, retry, false);
  }

  async stat(name: string): Promise<ObjectStat> {
    assertSafeObjectName(name);
    try {
      const [metadata] = await this.retrying.file(name).getMetadata();
      return statOf(name, metadata);
    } catch (error) {
      throw toStoreError(error, name);
    }
  }

  async get(name: string): Promise<StoredObject> {
    return (await this.read(name))!;
  }

  async getIfChanged(name: string, generation: Generation): Promise<StoredObject | undefined> {
    return this.read(name, generation);
  }

  /**
   * Metadata first, then the bytes of exactly that generation, so bytes and generation agree;
   * undefined, without the download, when the metadata says the object is at `unless`.
   */
  private async read(name: string, unless?: Generation): Promise<StoredObject | undefined> {
    for (let attempt = 1; ; attempt += 1) {
      const stat = await this.stat(name);
      if (unless !== undefined && compareGenerations(stat.generation, unless) === 0) return undefined;
      try {
        // The library holds generations as numbers: exact, since GCS generations (microsecond
        // timestamps, ~1.8e15 today) stay below 2^53 for another two centuries.
        const [data] = await this.retrying.file(name, { generation: stat.generation }).download();
        return { ...stat, data };
      } catch (error) {
        // 404: that generation was replaced or deleted since `stat` (the bucket keeps no old ones).
        if (gcsStatusOf(error) !== 404) throw toStoreError(error, name);
        if (attempt >= MAX_GET_ATTEMPTS) throw new StoreUnavailableError(name, `object changed during each of ${attempt} reads`);
      }
    }
  }

  async put(name: string, data: Uint8Array, options: PutOptions = {}): Promise<ObjectStat> {
    assertSafeObjectName(name);
    const { ifGenerationMatch, contentType } = options;
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const file = (ifGenerationMatch === undefined ? this.once : this.retrying).file(name);
    try {
      await file.save(bytes, {
        resumable: false,
        // Cloud Storage verifies the checksum; the library's own check would delete the object on mismatch.
        validation: false,
        metadata: { contentType, crc32c: crc32cOf(bytes) },
        preconditionOpts: ifGenerationMatch === undefined ? undefined : { ifGenerationMatch },
      });
      return statOf(name, file.metadata);
    } catch (error) {
      throw toStoreError(error, name, ifGenerationMatch);
    }
  }

  async delete(name: string, options: DeleteOptions = {}): Promise<void> {
    assertSafeObjectName(name);
    const { ifGenerationMatch } = options;
    try {
      if (ifGenerationMatch === undefined) await this.once.file(name).delete();
      else await this.retrying.file(name).delete({ ifGenerationMatch });
    } catch (error) {
      throw toStoreError(error, name, ifGenerationMatch);
    }
  }

  async list(options: ListOptions = {}): Promise<ListPage> {
    const { prefix, pageToken, maxResults = GCS_MAX_LIST_RESULTS } = options;
    if (!Number.isInteger(maxResults) || maxResults < 1) {
      throw new InvalidRequestError("maxResults", `${maxResults} is not a positive integer`);
    }
    try {
      const [files, nextQuery] = await this.retrying.getFiles({
        prefix,
        pageToken,
        maxResults: Math.min(maxResults, GCS_MAX_LIST_RESULTS),
        autoPaginate: false,
      });
      const next = (nextQuery as { pageToken?: string } | null)?.pageToken;
      return { objects: files.map((file) => statOf(file.name, file.metadata)), ...(next ? { nextPageToken: next } : {}) };
    } catch (error) {
      throw toStoreError(error, `${this.url}/${prefix ?? ""}`);
    }
  }

  listAll(prefix?: string): AsyncIterable<ObjectStat> {
    return iterateAllPages(this, prefix);
  }
}

type Interceptor = Storage["interceptors"][number];
/**
 * The library's default pooled agent is destroyed whole when one download fails midway, resetting
 * every other request in flight. `forever: false` (a teeny-request option, which the library itself
 * sets on Cloud Functions) leaves requests on Node's own keep-alive agent, which it never destroys.
 */
const OFF_THE_SHARED_POOL: Interceptor = {
  request: (reqOpts) => ({ ...reqOpts, forever: false }) as ReturnType<Interceptor["request"]>,
};

/** A library client on the bucket; with `retrying` false, one that sends every call once. */
function bucketClient(options: GcsObjectStoreOptions, retry: GcsRetryOptions, retrying: boolean): Bucket {
  const { maxRetries, maxRetryDelayS, retryDelayMultiplier, totalTimeoutS } = retry;
  const storage = new Storage({
    ...options.storage,
    apiEndpoint: options.apiEndpoint,
    timeout: options.requestTimeoutMs ?? DEFAULT_GCS_REQUEST_TIMEOUT_MS,
    retryOptions: {
      // The library reads maxRetries 0 as "use the default": switch retries off instead.
      autoRetry: retrying && maxRetries > 0,
      maxRetries: Math.max(maxRetries, 1),
      maxRetryDelay: maxRetryDelayS,
      retryDelayMultiplier,
      totalTimeout: totalTimeoutS,
      retryableErrorFn: isRetryableGcsError,
      idempotencyStrategy: retrying ? IdempotencyStrategy.RetryConditional : IdempotencyStrategy.RetryNever,
    },
  });
  storage.interceptors.push(OFF_THE_SHARED_POOL);
  return storage.bucket(options.bucket);
}

/** Object resource fields (https://cloud.google.com/storage/docs/json_api/v1/objects#resource). */
function statOf(name: string, metadata: FileMetadata): ObjectStat {
  const { generation, size, updated } = metadata;
  if (generation === undefined || generation === null || updated === undefined) {
    throw new StoreUnavailableError(name, "GCS answered an object resource without generation or updated");
  }
  return { name, generation: String(generation), size: Number(size ?? 0), updated: new Date(updated) };
}

function crc32cOf(bytes: Buffer): string {
  const crc32c = new CRC32C();
  crc32c.update(bytes);
  return crc32c.toString();
}
