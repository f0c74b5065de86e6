/**
 * How the fake GCS server describes what it stores: object resources, media downloads and list
 * pages, shaped as the JSON API documents them.
 */
import { HttpFailure } from "./fakeGcsErrors.js";
import { hashesOf } from "./fakeGcsUpload.js";

/** One generation of an object, live or (in a versioned bucket) noncurrent. */
export interface ObjectVersion {
  data: Buffer;
  generation: bigint;
  contentType: string;
  created: Date;
  /** When it became noncurrent. */
  deleted?: Date;
}

/** objects.list caps maxResults at 1000: https://cloud.google.com/storage/docs/json_api/v1/objects/list */
const MAX_LIST_RESULTS = 1000;

/**
 * The object resource (https://cloud.google.com/storage/docs/json_api/v1/objects#resource):
 * int64 fields (generation, metageneration, size) are JSON strings; times are RFC 3339;
 * a noncurrent version carries timeDeleted.
 */
export function objectResource(bucket: string, name: string, stored: ObjectVersion): Record<string, string> {
  const generation = stored.generation.toString();
  return {
    kind: "storage#object",
    id: `${bucket}/${name}/${generation}`,
    name,
    bucket,
    generation,
    metageneration: "1",
    contentType: stored.contentType,
    storageClass: "STANDARD",
    size: String(stored.data.length),
    ...hashesOf(stored.data),
    etag: Buffer.from(generation).toString("base64"),
    timeCreated: stored.created.toISOString(),
    updated: stored.created.toISOString(),
    ...(stored.deleted && { timeDeleted: stored.deleted.toISOString() }),
  };
}

/** A media download carries the object's generation and hashes in x-goog-* headers. */
export function mediaOf(stored: ObjectVersion): { data: Buffer; headers: Record<string, string> } {
  const { crc32c, md5Hash } = hashesOf(stored.data);
  return {
    data: stored.data,
    headers: {
      "content-type": stored.contentType,
      "x-goog-generation": stored.generation.toString(),
      "x-goog-metageneration": "1",
      "x-goog-hash": `crc32c=${crc32c},md5=${md5Hash}`,
      "x-goog-stored-content-encoding": "identity",
      "x-goog-stored-content-length": String(stored.data.length),
    },
  };
}

/**
 * https://cloud.google.com/storage/docs/json_api/v1/objects/list: items in lexicographic (byte)
 * order of name (versions of one name by generation); `nextPageToken` only when more results
 * follow; `items` absent when empty. A page may hold fewer than maxResults items while more
 * follow (`pageSize` makes it so); the token is opaque to clients: here the last entry returned.
 */
export function listPage(
  bucket: string,
  entries: { name: string; version: ObjectVersion }[],
  query: URLSearchParams,
  pageSize = MAX_LIST_RESULTS,
): Record<string, unknown> {
  const prefix = query.get("prefix") ?? "";
  const maxResults = Math.min(Number(query.get("maxResults") ?? MAX_LIST_RESULTS), MAX_LIST_RESULTS);
  if (!Number.isInteger(maxResults) || maxResults < 1) throw new HttpFailure(400, `Invalid value for maxResults: ${query.get("maxResults")}`);
  const token = query.get("pageToken");
  const after = token ? decodeToken(token) : undefined;
  const keyed = entries
    .filter(({ name }) => name.startsWith(prefix))
    .map((entry) => ({ ...entry, key: Buffer.from(entry.name, "utf8") }))
    .sort((a, b) => Buffer.compare(a.key, b.key) || (a.version.generation < b.version.generation ? -1 : 1))
    .filter((entry) => after === undefined || Buffer.compare(entry.key, after.key) > 0 || (entry.key.equals(after.key) && entry.version.generation > after.generation));
  const size = Math.min(maxResults, pageSize);
  const page = keyed.slice(0, size);
  const result: Record<string, unknown> = { kind: "storage#objects" };
  if (page.length > 0) result.items = page.map(({ name, version }) => objectResource(bucket, name, version));
  if (keyed.length > size) result.nextPageToken = encodeToken(page.at(-1)!.name, page.at(-1)!.version.generation);
  return result;
}

function encodeToken(name: string, generation: bigint): string {
  return Buffer.from(JSON.stringify([name, generation.toString()]), "utf8").toString("base64url");
}

function decodeToken(token: string): { key: Buffer; generation: bigint } {
  try {
    const [name, generation] = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as [string, string];
    return { key: Buffer.from(name, "utf8"), generation: BigInt(generation) };
  } catch {
    throw new HttpFailure(400, `Invalid value for pageToken: ${token}`);
  }
}
