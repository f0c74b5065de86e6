/**
 * An ObjectStore that counts what it is asked to do: the combiner's storage-operation and
 * CAS-conflict metrics, and the benchmarks' "storage operations per notification", come from it.
 * It forwards every call unchanged.
 */
import { PreconditionFailedError } from "../core/errors.js";
import { iterateAllPages, type ObjectStore } from "../core/store/objectStore.js";

export type StorageOperation = "get" | "stat" | "put" | "delete" | "list";

export interface StorageCounts {
  get: number;
  stat: number;
  put: number;
  delete: number;
  /** One per page listed (listAll counts each page it fetches). */
  list: number;
  /** Conditional puts and deletes refused because the generation had moved on. */
  preconditionFailed: number;
}

export interface StorageObserver {
  /** Called once per operation, after it settled; `conflict` when a precondition failed. */
  (operation: StorageOperation, outcome: "ok" | "conflict" | "error"): void;
}

export interface CountingObjectStore extends ObjectStore {
  /** Totals since creation (or the last `resetCounts`). */
  readonly counts: Readonly<StorageCounts>;
  resetCounts(): void;
}

export function totalOperations(counts: StorageCounts): number {
  return counts.get + counts.stat + counts.put + counts.delete + counts.list;
}

const zero = (): StorageCounts => ({ get: 0, stat: 0, put: 0, delete: 0, list: 0, preconditionFailed: 0 });

export function countingObjectStore(inner: ObjectStore, observe?: StorageObserver): CountingObjectStore {
  let counts = zero();

  async function counted<T>(operation: StorageOperation, call: () => Promise<T>): Promise<T> {
    counts[operation]++;
    try {
      const result = await call();
      observe?.(operation, "ok");
      return result;
    } catch (error) {
      const conflict = error instanceof PreconditionFailedError;
      if (conflict) counts.preconditionFailed++;
      observe?.(operation, conflict ? "conflict" : "error");
      throw error;
    }
  }

  const store: CountingObjectStore = {
    get url() {
      return inner.url;
    },
    get bucket() {
      return inner.bucket;
    },
    get counts() {
      return counts;
    },
    resetCounts() {
      counts = zero();
    },
    get: (name) => counted("get", () => inner.get(name)),
    // One read like get: when it finds the generation unchanged it only skips the bytes.
    getIfChanged: (name, generation) => counted("get", () => inner.getIfChanged(name, generation)),
    stat: (name) => counted("stat", () => inner.stat(name)),
    put: (name, data, options) => counted("put", () => inner.put(name, data, options)),
    delete: (name, options) => counted("delete", () => inner.delete(name, options)),
    list: (options) => counted("list", () => inner.list(options)),
    listAll: (prefix) => iterateAllPages(store, prefix),
  };
  return store;
}
