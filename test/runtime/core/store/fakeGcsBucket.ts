/**
 * The in-memory objects behind the fake GCS server and what each JSON API method does to them,
 * as documented (each handler cites its page). Opt-in behaviours of the real service:
 * - `versioned`: Object Versioning (https://cloud.google.com/storage/docs/object-versioning):
 *   replacing or deleting the live version without naming its generation keeps it as a noncurrent
 *   version, readable with `generation=` and listed with `versions=true`; naming a generation in a
 *   delete removes that version for good.
 * - `mutationIntervalMs`: the limit of one write per second to one object name
 *   (https://cloud.google.com/storage/quotas#objects): a faster create, update or delete answers
 *   429 rateLimitExceeded (https://cloud.google.com/storage/docs/json_api/v1/status-codes#429).
 * - `listPageSize`: objects.list may return fewer items than maxResults, with a nextPageToken.
 * Every change is reported as the Pub/Sub notification Cloud Storage would publish
 * (https://cloud.google.com/storage/docs/pubsub-notifications#events).
 */
import { HttpFailure } from "./fakeGcsErrors.js";
import { listPage, mediaOf, objectResource, type ObjectVersion } from "./fakeGcsResources.js";
import { parseUpload } from "./fakeGcsUpload.js";

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

export interface FakeBucketOptions {
  /** Object Versioning enabled, as on PIAA's data bucket. @default false */
  versioned?: boolean;
  /** A second create, update or delete of one object name within this many ms answers 429. @default no limit */
  mutationIntervalMs?: number;
  /** objects.list returns at most this many items per page, whatever maxResults asks. @default 1000 */
  listPageSize?: number;
  /** Milliseconds since the epoch, for generations and the mutation limit. @default Date.now */
  now?: () => number;
}

/** Event types of https://cloud.google.com/storage/docs/pubsub-notifications#events */
export type NotificationEventType = "OBJECT_FINALIZE" | "OBJECT_DELETE" | "OBJECT_ARCHIVE";

/** What a notification configuration with payload JSON_API_V1 would publish for one change. */
export interface StorageNotification {
  eventType: NotificationEventType;
  bucket: string;
  object: string;
  generation: string;
  /** The object resource of the version the event is about. */
  resource: Record<string, string>;
}

/** Parameters that would change what a call does, which the fake does not implement: refused, not ignored. */
const UNSUPPORTED_PARAMETERS = ["ifGenerationNotMatch", "ifMetagenerationMatch", "ifMetagenerationNotMatch", "delimiter"];

interface Versions {
  live?: ObjectVersion;
  noncurrent: ObjectVersion[];
}

/** All buckets of one fake server; the returned function performs one API call. */
export function createFakeObjects(
  options: FakeBucketOptions = {},
  notify: (notification: StorageNotification) => void = () => {},
): (request: FakeGcsRequest) => FakeGcsAnswer {
  const { versioned = false, mutationIntervalMs, now = Date.now } = options;
  const buckets = new Map<string, Map<string, Versions>>();
  const lastMutationMs = new Map<string, number>();
  let lastGeneration = 0n;
  // Real generations are microsecond timestamps; keep them strictly increasing.
  const nextGeneration = () => {
    const micros = BigInt(now()) * 1000n;
    lastGeneration = micros > lastGeneration ? micros : lastGeneration + 1n;
    return lastGeneration;
  };
  const mutate = (bucket: string, name: string) => {
    const key = `${bucket}/${name}`;
    const at = now();
    const last = lastMutationMs.get(key);
    if (mutationIntervalMs !== undefined && last !== undefined && at - last < mutationIntervalMs) {
      throw new HttpFailure(429, `The object ${key} exceeded the rate limit for object mutation operations (create, update, and delete).`);
    }
    lastMutationMs.set(key, at);
  };
  const emit = (eventType: NotificationEventType, bucket: string, name: string, version: ObjectVersion) =>
    notify({ eventType, bucket, object: name, generation: version.generation.toString(), resource: objectResource(bucket, name, version) });
  /** The live version leaves: kept as noncurrent (versioned) or gone (https://cloud.google.com/storage/docs/object-versioning). */
  const retire = (bucket: string, name: string, versions: Versions, permanently: boolean) => {
    const retired = versions.live!;
    versions.live = undefined;
    if (versioned && !permanently) {
      retired.deleted = new Date(now());
      versions.noncurrent.push(retired);
      emit("OBJECT_ARCHIVE", bucket, name, retired);
    } else {
      emit("OBJECT_DELETE", bucket, name, retired);
    }
  };

  return (request) => {
    const { query, bucket } = request;
    const unsupported = UNSUPPORTED_PARAMETERS.find((parameter) => query.has(parameter));
    if (unsupported) throw new HttpFailure(400, `the fake does not implement ${unsupported}`);
    let objects = buckets.get(bucket);
    if (!objects) buckets.set(bucket, (objects = new Map()));
    const versionsOf = (name: string) => {
      let versions = objects.get(name);
      if (!versions) objects.set(name, (versions = { noncurrent: [] }));
      return versions;
    };
    switch (request.operation) {
      case "objects.insert": {
        // https://cloud.google.com/storage/docs/json_api/v1/objects/insert
        const upload = parseUpload(query, request.body, request.contentType);
        const versions = versionsOf(upload.name);
        checkPrecondition(versions.live, query);
        mutate(bucket, upload.name);
        const stored: ObjectVersion = { data: upload.data, generation: nextGeneration(), contentType: upload.contentType, created: new Date(now()) };
        if (versions.live) retire(bucket, upload.name, versions, false);
        versions.live = stored;
        emit("OBJECT_FINALIZE", bucket, upload.name, stored);
        return { status: 200, json: objectResource(bucket, upload.name, stored), upload };
      }
      case "objects.get": {
        // https://cloud.google.com/storage/docs/json_api/v1/objects/get: `generation` selects a version.
        const name = request.objectName!;
        const stored = selectVersion(bucket, name, objects.get(name), query.get("generation"));
        checkPrecondition(stored, query);
        if (query.get("alt") === "media") return { status: 200, media: mediaOf(stored) };
        return { status: 200, json: objectResource(bucket, name, stored) };
      }
      case "objects.delete": {
        // https://cloud.google.com/storage/docs/json_api/v1/objects/delete: 204 with an empty body.
        const name = request.objectName!;
        const versions = objects.get(name);
        const generation = query.get("generation");
        const target = selectVersion(bucket, name, versions, generation);
        checkPrecondition(target, query);
        mutate(bucket, name);
        if (target === versions!.live) retire(bucket, name, versions!, generation !== null);
        else {
          versions!.noncurrent = versions!.noncurrent.filter((version) => version !== target);
          emit("OBJECT_DELETE", bucket, name, target);
        }
        return { status: 204 };
      }
      case "objects.list":
        return { status: 200, json: listPage(bucket, listed(objects, query.get("versions") === "true"), query, options.listPageSize) };
      default:
        throw new HttpFailure(404);
    }
  };
}

/** The live version, or with `generation` the version of that generation, live or noncurrent. */
function selectVersion(bucket: string, name: string, versions: Versions | undefined, generation: string | null): ObjectVersion {
  if (generation !== null && !/^\d+$/.test(generation)) throw new HttpFailure(400, `Invalid value for generation: ${generation}`);
  const wanted = generation === null ? undefined : BigInt(generation);
  const all = versions ? [...(versions.live ? [versions.live] : []), ...versions.noncurrent] : [];
  const found = wanted === undefined ? versions?.live : all.find((version) => version.generation === wanted);
  if (!found) throw new HttpFailure(404, `No such object: ${bucket}/${name}`);
  return found;
}

/** Live versions, or with versions=true every version (https://cloud.google.com/storage/docs/json_api/v1/objects/list). */
function listed(objects: Map<string, Versions>, allVersions: boolean): { name: string; version: ObjectVersion }[] {
  return [...objects].flatMap(([name, { live, noncurrent }]) =>
    [...(allVersions ? noncurrent : []), ...(live ? [live] : [])].map((version) => ({ name, version })),
  );
}

/**
 * ifGenerationMatch: "0" succeeds only when there is no live object; otherwise the live generation
 * must equal it (https://cloud.google.com/storage/docs/request-preconditions). Reads and deletes
 * of absent objects are 404 before any precondition is looked at (callers check that first).
 */
function checkPrecondition(stored: ObjectVersion | undefined, query: URLSearchParams): void {
  const expected = query.get("ifGenerationMatch");
  if (expected === null) return;
  if (!/^\d+$/.test(expected)) throw new HttpFailure(400, `Invalid value for ifGenerationMatch: ${expected}`);
  if (BigInt(expected) !== (stored?.generation ?? 0n)) throw new HttpFailure(412);
}
