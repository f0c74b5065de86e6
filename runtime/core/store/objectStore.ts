/**
 * The one interface all PIAA code uses to reach a bucket. Generations are decimal strings (GCS
 * int64s); `ifGenerationMatch: "0"` means "only if the object does not exist". Adapters:
 * FsObjectStore (a directory, the embedded default) and GcsObjectStore (gs://bucket).
 */

export type Generation = string;

export interface ObjectStat {
  name: string;
  generation: Generation;
  size: number;
  updated: Date;
}

export interface StoredObject extends ObjectStat {
  data: Buffer;
}

export interface PutOptions {
  /** Write only if the current generation is this one ("0": only if absent). */
  ifGenerationMatch?: Generation;
  contentType?: string;
}

export interface DeleteOptions {
  /** Delete only if the current generation is this one. */
  ifGenerationMatch?: Generation;
}

export interface ListOptions {
  prefix?: string;
  /** Page size; adapters cap it (GCS: 1000). */
  maxResults?: number;
  /** Token from a previous page's `nextPageToken`. */
  pageToken?: string;
}

export interface ListPage {
  objects: ObjectStat[];
  /** Present when more objects follow. */
  nextPageToken?: string;
}

export interface ObjectStore {
  /** Where this store points: `file:///abs/dir` or `gs://bucket`. */
  readonly url: string;
  /** The bucket name that notifications carry (`bucketId`). */
  readonly bucket: string;
  /** Bytes and generation; NotFoundError when absent. */
  get(name: string): Promise<StoredObject>;
  /**
   * As `get`, but when the object is still at `generation` resolves undefined without reading its
   * bytes (GCS: the metadata request alone, as with ifGenerationNotMatch), so a caller holding
   * that generation's contents pays one small request to learn they are current.
   */
  getIfChanged(name: string, generation: Generation): Promise<StoredObject | undefined>;
  /** Metadata only; NotFoundError when absent. */
  stat(name: string): Promise<ObjectStat>;
  /** Writes the whole object; PreconditionFailedError when `ifGenerationMatch` does not hold. */
  put(name: string, data: Uint8Array, options?: PutOptions): Promise<ObjectStat>;
  /** NotFoundError when absent; PreconditionFailedError when `ifGenerationMatch` does not hold. */
  delete(name: string, options?: DeleteOptions): Promise<void>;
  /** One page of objects under a prefix, in name order. */
  list(options?: ListOptions): Promise<ListPage>;
  /** Every object under a prefix, page after page. */
  listAll(prefix?: string): AsyncIterable<ObjectStat>;
}

/** `listAll` for any store in terms of its `list`. */
export async function* iterateAllPages(store: Pick<ObjectStore, "list">, prefix?: string): AsyncIterable<ObjectStat> {
  let pageToken: string | undefined;
  do {
    const page = await store.list({ prefix, pageToken });
    yield* page.objects;
    pageToken = page.nextPageToken;
  } while (pageToken);
}

/** A generation comparison that is exact for int64 values beyond 2^53. */
export function compareGenerations(a: Generation, b: Generation): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
