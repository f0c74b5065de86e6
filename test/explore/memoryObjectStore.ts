/**
 * An ObjectStore held in a Map, for the schedule explorer: thousands of schedules a second need a
 * bucket whose every call is one synchronous step, which neither the filesystem nor the fake GCS
 * server is. It keeps the semantics the merge relies on, checked by the same contract suite as
 * the real adapters (memoryObjectStore.test.ts): generations strictly increase over the whole
 * bucket (as GCS generations, microsecond timestamps, do for one name), `ifGenerationMatch` is
 * exact, "0" means absent, and `updated` is a logical clock (one millisecond per write) so that
 * grace periods are deterministic.
 */
import { InvalidRequestError, NotFoundError, PreconditionFailedError } from "../../runtime/core/errors.js";
import { objectParts } from "../../runtime/core/store/fsObjectPaths.js";
import {
  iterateAllPages,
  type DeleteOptions,
  type Generation,
  type ListOptions,
  type ListPage,
  type ObjectStat,
  type ObjectStore,
  type PutOptions,
  type StoredObject,
} from "../../runtime/core/store/objectStore.js";

const MAX_LIST_RESULTS = 1000;

export interface MemoryObjectStore extends ObjectStore {
  /** The logical time of the last write, in ms (also the `updated` of what it wrote). */
  readonly clockMs: number;
  /** What the bucket holds now, without going through a call (for checks at quiescence). */
  peek(name: string): StoredObject | undefined;
}

export function memoryObjectStore(bucket = "memory"): MemoryObjectStore {
  const objects = new Map<string, StoredObject>();
  let clock = 1_000_000;

  const current = (name: string): StoredObject => {
    objectParts(name);
    const found = objects.get(name);
    if (!found) throw new NotFoundError(name);
    return found;
  };
  const check = (name: string, expected: Generation | undefined): void => {
    if (expected === undefined) return;
    const found = objects.get(name);
    const holds = expected === "0" ? found === undefined : found !== undefined && BigInt(found.generation) === BigInt(expected);
    if (!holds) throw new PreconditionFailedError(name, expected);
  };
  const statOf = ({ name, generation, size, updated }: StoredObject): ObjectStat => ({ name, generation, size, updated });

  const store: MemoryObjectStore = {
    url: `memory://${bucket}`,
    bucket,
    get clockMs() {
      return clock;
    },
    peek: (name) => objects.get(name),
    get: async (name) => ({ ...current(name) }),
    getIfChanged: async (name, generation) => {
      const found = current(name);
      return found.generation === generation ? undefined : { ...found };
    },
    stat: async (name) => statOf(current(name)),
    put: async (name, data, options: PutOptions = {}) => {
      objectParts(name);
      check(name, options.ifGenerationMatch);
      clock++;
      const stored: StoredObject = { name, generation: String(clock), size: data.byteLength, updated: new Date(clock), data: Buffer.from(data) };
      objects.set(name, stored);
      return statOf(stored);
    },
    delete: async (name, options: DeleteOptions = {}) => {
      current(name);
      check(name, options.ifGenerationMatch);
      objects.delete(name);
    },
    list: async (options: ListOptions = {}): Promise<ListPage> => {
      const prefix = options.prefix ?? "";
      const limit = options.maxResults ?? MAX_LIST_RESULTS;
      if (!Number.isInteger(limit) || limit < 1) throw new InvalidRequestError("maxResults", `${limit} is not a positive integer`);
      const after = options.pageToken === undefined ? undefined : Buffer.from(options.pageToken, "base64url").toString("utf8");
      const names = [...objects.keys()].filter((name) => name.startsWith(prefix) && (after === undefined || name > after)).sort();
      const page = names.slice(0, Math.min(limit, MAX_LIST_RESULTS)).map((name) => statOf(objects.get(name)!));
      const more = names.length > page.length;
      return more ? { objects: page, nextPageToken: Buffer.from(page.at(-1)!.name, "utf8").toString("base64url") } : { objects: page };
    },
    listAll: (prefix) => iterateAllPages(store, prefix),
  };
  return store;
}
