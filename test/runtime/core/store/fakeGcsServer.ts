/**
 * An in-memory Cloud Storage JSON API on 127.0.0.1, implementing exactly the calls that
 * @google-cloud/storage makes for GcsObjectStore: objects.insert (uploadType=media|multipart),
 * objects.get (metadata and alt=media), objects.list and objects.delete, with ifGenerationMatch.
 * Answers follow the documented API (each handler cites its page). The bucket is not versioned:
 * replacing or deleting an object drops its old generation. Tests read `requests` to count storage
 * operations and call `failNext` to make the next requests fail (status code or connection reset).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32cBase64 } from "./crc32c.js";
import { splitMultipartRelated } from "./multipartRelated.js";

export type GcsOperation = "objects.insert" | "objects.get" | "objects.list" | "objects.delete" | "unknown";

export interface RecordedRequest {
  operation: GcsOperation;
  method: string;
  /** Decoded object name, when the request names one. */
  objectName?: string;
  /** Query parameters as received. */
  query: Record<string, string>;
  /** The object resource sent with a multipart upload (name, contentType, crc32c...). */
  uploadMetadata?: Record<string, unknown>;
  /** Status the fake answered with (0 for a reset connection). */
  status: number;
}

export interface Fault {
  /** Answer this status with a documented error body. @default 503 */
  status?: number;
  /** Drop the connection instead of answering (a network error). */
  reset?: boolean;
  /** Only requests this predicate accepts consume the fault. @default every request */
  when?: (request: RecordedRequest) => boolean;
}

export interface FakeGcsServer {
  /** Pass as `apiEndpoint`: `http://127.0.0.1:<port>`. */
  endpoint: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Fails the next `count` requests that match `fault.when`. */
  failNext(count: number, fault?: Fault): void;
  close(): Promise<void>;
}

interface StoredObject {
  data: Buffer;
  generation: bigint;
  contentType: string;
  created: Date;
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

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message?: string,
  ) {
    super(message ?? REASONS[status]?.[1] ?? `HTTP ${status}`);
  }
}

export async function startFakeGcsServer(): Promise<FakeGcsServer> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const requests: RecordedRequest[] = [];
  const faults: Fault[] = [];
  let lastGeneration = 0n;

  const bucketOf = (name: string) => {
    let bucket = buckets.get(name);
    if (!bucket) buckets.set(name, (bucket = new Map()));
    return bucket;
  };
  // Real generations are microsecond timestamps; keep them strictly increasing.
  const nextGeneration = () => {
    const now = BigInt(Date.now()) * 1000n;
    lastGeneration = now > lastGeneration ? now : lastGeneration + 1n;
    return lastGeneration;
  };

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? "/", "http://fake");
      const route = routeOf(req.method ?? "GET", url.pathname);
      const record: RecordedRequest = {
        operation: route.operation,
        method: req.method ?? "GET",
        objectName: route.objectName,
        query: Object.fromEntries(url.searchParams),
        status: 0,
      };
      requests.push(record);
      const faultIndex = faults.findIndex((f) => (f.when ?? (() => true))(record));
      if (faultIndex >= 0) {
        const [fault] = faults.splice(faultIndex, 1);
        if (fault!.reset) return void req.socket.destroy();
        return void sendError(res, record, new HttpFailure(fault!.status ?? 503));
      }
      try {
        const objects = bucketOf(route.bucket ?? "");
        const answer = handle(route, record, url.searchParams, objects, body, req.headers["content-type"], nextGeneration);
        send(res, record, answer);
      } catch (err) {
        if (!(err instanceof HttpFailure)) throw err;
        sendError(res, record, err);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, fault = {}) {
      for (let i = 0; i < count; i += 1) faults.push(fault);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

interface Route {
  operation: GcsOperation;
  bucket?: string;
  objectName?: string;
}

/** Paths of https://cloud.google.com/storage/docs/json_api/v1/objects (upload paths under /upload). */
function routeOf(method: string, pathname: string): Route {
  const upload = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(pathname);
  if (upload && method === "POST") return { operation: "objects.insert", bucket: decodeURIComponent(upload[1]!) };
  const list = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(pathname);
  if (list && method === "GET") return { operation: "objects.list", bucket: decodeURIComponent(list[1]!) };
  const object = /^\/storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(pathname);
  if (object && (method === "GET" || method === "DELETE")) {
    return {
      operation: method === "GET" ? "objects.get" : "objects.delete",
      bucket: decodeURIComponent(object[1]!),
      objectName: decodeURIComponent(object[2]!),
    };
  }
  return { operation: "unknown" };
}

interface Answer {
  status: number;
  json?: unknown;
  media?: { data: Buffer; headers: Record<string, string> };
}

function handle(
  route: Route,
  record: RecordedRequest,
  query: URLSearchParams,
  objects: Map<string, StoredObject>,
  body: Buffer,
  contentType: string | undefined,
  nextGeneration: () => bigint,
): Answer {
  for (const unsupported of ["ifGenerationNotMatch", "ifMetagenerationMatch", "ifMetagenerationNotMatch", "delimiter", "versions"]) {
    if (query.has(unsupported)) throw new HttpFailure(400, `the fake does not implement ${unsupported}`);
  }
  const bucket = route.bucket ?? "";
  switch (route.operation) {
    case "objects.insert": {
      // https://cloud.google.com/storage/docs/json_api/v1/objects/insert
      const upload = parseUpload(query, body, contentType);
      record.objectName = upload.name;
      record.uploadMetadata = upload.metadata;
      checkPrecondition(objects.get(upload.name), query, true);
      const stored = { data: upload.data, generation: nextGeneration(), contentType: upload.contentType, created: new Date() };
      objects.set(upload.name, stored);
      return { status: 200, json: objectResource(bucket, upload.name, stored) };
    }
    case "objects.get": {
      // https://cloud.google.com/storage/docs/json_api/v1/objects/get: `generation` selects a version.
      const name = route.objectName!;
      const stored = liveObject(bucket, name, objects, query.get("generation"));
      checkPrecondition(stored, query, false);
      if (query.get("alt") === "media") return { status: 200, media: mediaOf(stored) };
      return { status: 200, json: objectResource(bucket, name, stored) };
    }
    case "objects.delete": {
      // https://cloud.google.com/storage/docs/json_api/v1/objects/delete: 204 with an empty body.
      const name = route.objectName!;
      checkPrecondition(liveObject(bucket, name, objects, query.get("generation")), query, false);
      objects.delete(name);
      return { status: 204 };
    }
    case "objects.list":
      return { status: 200, json: listPage(bucket, objects, query) };
    default:
      throw new HttpFailure(404);
  }
}

function liveObject(bucket: string, name: string, objects: Map<string, StoredObject>, generation: string | null): StoredObject {
  const stored = objects.get(name);
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
function checkPrecondition(stored: StoredObject | undefined, query: URLSearchParams, isWrite: boolean): void {
  const expected = query.get("ifGenerationMatch");
  if (expected === null) return;
  if (!/^\d+$/.test(expected)) throw new HttpFailure(400, `Invalid value for ifGenerationMatch: ${expected}`);
  const actual = stored?.generation ?? 0n;
  if (BigInt(expected) !== actual || (!isWrite && stored === undefined)) throw new HttpFailure(412);
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
  const [metadataPart, mediaPart] = splitMultipartRelated(body, contentType);
  if (!metadataPart || !mediaPart) throw new HttpFailure(400, "multipart upload needs a metadata part and a media part");
  const metadata = JSON.parse(metadataPart.body.toString("utf8")) as { name?: string; contentType?: string; crc32c?: string; md5Hash?: string };
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
function mediaOf(stored: StoredObject): NonNullable<Answer["media"]> {
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

function send(res: ServerResponse, record: RecordedRequest, answer: Answer): void {
  record.status = answer.status;
  if (answer.media) {
    res.writeHead(answer.status, { ...answer.media.headers, "content-length": answer.media.data.length });
    res.end(answer.media.data);
  } else if (answer.json !== undefined) {
    const text = JSON.stringify(answer.json);
    res.writeHead(answer.status, { "content-type": "application/json; charset=UTF-8", "content-length": Buffer.byteLength(text) });
    res.end(text);
  } else {
    res.writeHead(answer.status).end();
  }
}

/** Error body of https://cloud.google.com/storage/docs/json_api/v1/status-codes */
function sendError(res: ServerResponse, record: RecordedRequest, failure: HttpFailure): void {
  const [reason] = REASONS[failure.status] ?? ["unknown"];
  send(res, record, {
    status: failure.status,
    json: { error: { code: failure.status, message: failure.message, errors: [{ domain: "global", reason, message: failure.message }] } },
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
