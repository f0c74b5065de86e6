/**
 * The in-memory objects behind the fake GCS server and what each JSON API method does to them,
 * as documented (each handler cites its page). The bucket is not versioned: replacing or deleting
 * an object drops its old generation, and `generation=` may only name the live one.
 */
import { createHash } from "node:crypto";
import { crc32cBase64 } from "./crc32c.js";
import { splitMultipartRelated } from "./multipartRelated.js";

export type GcsOperation = "objects.insert" | "objects.get" | "objects.list" | "objects.delete" | "unknown";

export interface FakeGcsRequest {
  operation: GcsOperation;
  bucket: string;
  /** From the path (get, delete); an upload names its object in the query or the metadata. */
  objectName?: string;
  query: URLSearchParams;
  body: Buffer;
  contentType?: string;
}

export interface FakeGcsAnswer {
  status: number;
  json?: unknown;
  media?: { data: Buffer; headers: Record<string, string> };
  /** What an upload stored under which name (for the request log). */
  upload?: { name: string; metadata?: Record<string, unknown> };
}

/** Reasons per status, from https://cloud.google.com/storage/docs/json_api/v1/status-codes */
const REASONS: Record<number, [reason: string, message: string]> = {
  400: ["invalid", "Invalid argument."],
  404: ["notFound", "Not Found"],
  408: ["requestTimeout", "Request Timeout"],
  412: ["conditionNotMet", "Precondition Failed"],
  429: ["rateLimitExceeded", "The total number of changes to the object exceeds the rate limit."],
  500: ["internalError", "Internal Error"],
  502: ["badGateway", "Bad Gateway"],
  503: ["backendError", "Backend Error"],
  504: ["gatewayTimeout", "Gateway Timeout"],
};

/** objects.list caps maxResults at 1000: https://cloud.google.com/storage/docs/json_api/v1/objects/list */
const MAX_LIST_RESULTS = 1000;
/** Parameters that would change what a call does, which the fake does not implement: refused, not ignored. */
const UNSUPPORTED_PARAMETERS = ["ifGenerationNotMatch", "ifMetagenerationMatch", "ifMetagenerationNotMatch", "delimiter", "versions"];

/** A failed call: answered with the status and the documented error body. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message?: string,
  ) {
    super(message ?? REASONS[status]?.[1] ?? `HTTP ${status}`);
  }
}

/** The error body of https://cloud.google.com/storage/docs/json_api/v1/status-codes */
export function errorAnswer(failure: HttpFailure): FakeGcsAnswer {
  const [reason] = REASONS[failure.status] ?? ["unknown"];
  const { status, message } = failure;
  return { status, json: { error: { code: status, message, errors: [{ domain: "global", reason, message }] } } };
}

interface StoredObject {
  data: Buffer;
  generation: bigint;
  contentType: string;
  created: Date;
}

/** All buckets of one fake server; the returned function performs one API call. */
export function createFakeObjects(): (request: FakeGcsRequest) => FakeGcsAnswer {
  const buckets = new Map<string, Map<string, StoredObject>>();
  let lastGeneration = 0n;
  // Real generations are microsecond timestamps; keep them strictly increasing.
  const nextGeneration = () => {
    const now = BigInt(Date.now()) * 1000n;
    lastGeneration = now > lastGeneration ? now : lastGeneration + 1n;
    return lastGeneration;
  };
  return (request) => {
    const { query, bucket } = request;
    const unsupported = UNSUPPORTED_PARAMETERS.find((parameter) => query.has(parameter));
    if (unsupported) throw new HttpFailure(400, `the fake does not implement ${unsupported}`);
    let objects = buckets.get(bucket);
    if (!objects) buckets.set(bucket, (objects = new Map()));
    switch (request.operation) {
      case "objects.insert": {
        // https://cloud.google.com/storage/docs/json_api/v1/objects/insert
        const upload = parseUpload(query, request.body, request.contentType);
        checkPrecondition(objects.get(upload.name), query);
        const stored = { data: upload.data, generation: nextGeneration(), contentType: upload.contentType, created: new Date() };
        objects.set(upload.name, stored);
        return { status: 200, json: objectResource(bucket, upload.name, stored), upload };
      }
      case "objects.get": {
        // https://cloud.google.com/storage/docs/json_api/v1/objects/get: `generation` selects a version.
        const name = request.objectName!;
        const stored = liveObject(bucket, name, objects, query.get("generation"));
        checkPrecondition(stored, query);
        if (query.get("alt") === "media") return { status: 200, media: mediaOf(stored) };
        return { status: 200, json: objectResource(bucket, name, stored) };
      }
      case "objects.delete": {
        // https://cloud.google.com/storage/docs/json_api/v1/objects/delete: 204 with an empty body.
        const name = request.objectName!;
        checkPrecondition(liveObject(bucket, name, objects, query.get("generation")), query);
        objects.delete(name);
        return { status: 204 };
      }
      case "objects.list":
        return { status: 200, json: listPage(bucket, objects, query) };
      default:
        throw new HttpFailure(404);
    }
  };
}

function liveObject(bucket: string, name: string, objects: Map<string, StoredObject>, generation: string | null): StoredObject {
  const stored = objects.get(name);
  if (generation !== null && !/^\d+$/.test(generation)) throw new HttpFailure(400, `Invalid value for generation: ${generation}`);
  if (!stored || (generation !== null && BigInt(generation) !== stored.generation)) {
    throw new HttpFailure(404, `No such object: ${bucket}/${name}`);
  }
  return stored;
}

/**
 * ifGenerationMatch: "0" succeeds only when there is no live object; otherwise the live generation
 * must equal it (https://cloud.google.com/storage/docs/request-preconditions). Reads and deletes
 * of absent objects are 404 before any precondition is looked at (callers check that first).
 */
function checkPrecondition(stored: StoredObject | undefined, query: URLSearchParams): void {
  const expected = query.get("ifGenerationMatch");
  if (expected === null) return;
  if (!/^\d+$/.test(expected)) throw new HttpFailure(400, `Invalid value for ifGenerationMatch: ${expected}`);
  if (BigInt(expected) !== (stored?.generation ?? 0n)) throw new HttpFailure(412);
}

interface Upload {
  name: string;
  data: Buffer;
  contentType: string;
  metadata?: Record<string, unknown>;
}

/** uploadType=media (name in the query) or multipart (JSON metadata part, then the media part). */
function parseUpload(query: URLSearchParams, body: Buffer, contentType = "application/octet-stream"): Upload {
  const uploadType = query.get("uploadType");
  if (uploadType === "media") {
    const name = query.get("name");
    if (!name) throw new HttpFailure(400, "Required parameter: name");
    return { name, data: body, contentType };
  }
  if (uploadType !== "multipart") throw new HttpFailure(400, `the fake does not implement uploadType=${uploadType}`);
  // https://cloud.google.com/storage/docs/uploading-objects#uploading-an-object (multipart/related)
  const [metadataPart, mediaPart] = splitMultipart(body, contentType);
  if (!metadataPart || !mediaPart) throw new HttpFailure(400, "multipart upload needs a metadata part and a media part");
  const metadata = parseMetadata(metadataPart.body);
  const name = query.get("name") ?? metadata.name;
  if (!name) throw new HttpFailure(400, "Required parameter: name");
  // A supplied checksum is verified: https://cloud.google.com/storage/docs/hashes-etags#json-api
  const hashes = hashesOf(mediaPart.body);
  if (metadata.crc32c !== undefined && metadata.crc32c !== hashes.crc32c) {
    throw new HttpFailure(400, `Provided CRC32C "${metadata.crc32c}" doesn't match calculated CRC32C "${hashes.crc32c}".`);
  }
  if (metadata.md5Hash !== undefined && metadata.md5Hash !== hashes.md5Hash) {
    throw new HttpFailure(400, `Provided MD5 hash "${metadata.md5Hash}" doesn't match calculated MD5 hash "${hashes.md5Hash}".`);
  }
  return { name, data: mediaPart.body, contentType: metadata.contentType ?? mediaPart.contentType ?? "application/octet-stream", metadata };
}

function splitMultipart(body: Buffer, contentType: string) {
  try {
    return splitMultipartRelated(body, contentType);
  } catch (error) {
    throw new HttpFailure(400, (error as Error).message);
  }
}

function parseMetadata(json: Buffer): { name?: string; contentType?: string; crc32c?: string; md5Hash?: string } {
  try {
    return JSON.parse(json.toString("utf8")) as Record<string, string>;
  } catch {
    throw new HttpFailure(400, "Metadata part is not valid JSON");
  }
}

function hashesOf(data: Buffer): { crc32c: string; md5Hash: string } {
  return { crc32c: crc32cBase64(data), md5Hash: createHash("md5").update(data).digest("base64") };
}

/**
 * The object resource (https://cloud.google.com/storage/docs/json_api/v1/objects#resource):
 * int64 fields (generation, metageneration, size) are JSON strings; times are RFC 3339.
 */
function objectResource(bucket: string, name: string, stored: StoredObject): Record<string, string> {
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
  };
}

/** A media download carries the object's generation and hashes in x-goog-* headers. */
function mediaOf(stored: StoredObject): NonNullable<FakeGcsAnswer["media"]> {
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
 * order of name; `nextPageToken` only when more results follow; `items` absent when empty.
 * The token is opaque to clients; here it is the last name returned, base64url-encoded.
 */
function listPage(bucket: string, objects: Map<string, StoredObject>, query: URLSearchParams): Record<string, unknown> {
  const prefix = query.get("prefix") ?? "";
  const maxResults = Math.min(Number(query.get("maxResults") ?? MAX_LIST_RESULTS), MAX_LIST_RESULTS);
  if (!Number.isInteger(maxResults) || maxResults < 1) throw new HttpFailure(400, `Invalid value for maxResults: ${query.get("maxResults")}`);
  const token = query.get("pageToken");
  const after = token ? Buffer.from(token, "base64url") : undefined;
  const names = [...objects.keys()]
    .filter((name) => name.startsWith(prefix))
    .map((name) => Buffer.from(name, "utf8"))
    .sort(Buffer.compare)
    .filter((name) => after === undefined || Buffer.compare(name, after) > 0);
  const page = names.slice(0, maxResults).map((name) => name.toString("utf8"));
  const result: Record<string, unknown> = { kind: "storage#objects" };
  if (page.length > 0) result.items = page.map((name) => objectResource(bucket, name, objects.get(name)!));
  if (names.length > maxResults) result.nextPageToken = Buffer.from(page.at(-1)!, "utf8").toString("base64url");
  return result;
}
