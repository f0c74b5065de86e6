/**
 * ObjectStore wrappers that force what the analyzer and dashboard tests need, deterministically:
 * a write held at a gate until the test opens it (a run paused mid-star, or a process "killed"
 * there when the gate never opens), and a store that refuses every write and records every read
 * (the dashboard must only read, and never an MLC).
 */
import { tryParseObjectName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";

/** Whether `name` is a star's first plot write (its light curve's SVG), of whatever MLC generation. */
export function isFirstPlotOf(name: string, pic: string): boolean {
  const parsed = tryParseObjectName(name);
  return parsed?.kind === "plot" && parsed.pic === pic && parsed.plot === "lightcurve" && parsed.format === "svg";
}

/** Every call passed on to `store` (a base to override single methods of). */
export function delegate(store: ObjectStore): ObjectStore {
  return {
    url: store.url,
    bucket: store.bucket,
    get: (name) => store.get(name),
    getIfChanged: (name, generation) => store.getIfChanged(name, generation),
    stat: (name) => store.stat(name),
    put: (name, data, options) => store.put(name, data, options),
    delete: (name, options) => store.delete(name, options),
    list: (options) => store.list(options),
    listAll: (prefix) => store.listAll(prefix),
  };
}

export interface GatedStore {
  store: ObjectStore;
  /** Resolves when a write matching the gate has reached it (and is waiting). */
  reached: Promise<string>;
  open(): void;
}

/** Holds the first put whose name matches `gate` until `open()`; others pass. */
export function gatedStore(store: ObjectStore, gate: (name: string) => boolean): GatedStore {
  let reach: (name: string) => void = () => {};
  const reached = new Promise<string>((resolve) => (reach = resolve));
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  let armed = true;
  return {
    store: {
      ...delegate(store),
      async put(name, data, options) {
        if (armed && gate(name)) {
          armed = false;
          reach(name);
          await opened;
        }
        return store.put(name, data, options);
      },
    },
    reached,
    open,
  };
}

export class WriteRefusedError extends Error {}

/** Refuses every write; `reads` lists every object name read, stat-ed or listed (as `list:prefix`). */
export function readOnlyStore(store: ObjectStore): { store: ObjectStore; reads: string[] } {
  const reads: string[] = [];
  const base = delegate(store);
  return {
    reads,
    store: {
      ...base,
      get: (name) => (reads.push(name), base.get(name)),
      getIfChanged: (name, generation) => (reads.push(name), base.getIfChanged(name, generation)),
      stat: (name) => (reads.push(name), base.stat(name)),
      list: (options) => (reads.push(`list:${options?.prefix ?? ""}`), base.list(options)),
      listAll: (prefix) => (reads.push(`list:${prefix ?? ""}`), base.listAll(prefix)),
      put: async (name) => {
        throw new WriteRefusedError(`write refused: ${name}`);
      },
      delete: async (name) => {
        throw new WriteRefusedError(`delete refused: ${name}`);
      },
    },
  };
}

/**
 * Runs `interleave` (another replica's work) inside the first put or listing whose name or prefix
 * matches `at`, before that call reaches the store: the interleaving is forced, not hoped for.
 */
export function interleavedStore(store: ObjectStore, at: (call: { op: "put" | "list"; name: string }) => boolean, interleave: () => Promise<void>): ObjectStore {
  let armed = true;
  const maybe = async (op: "put" | "list", name: string): Promise<void> => {
    if (!armed || !at({ op, name })) return;
    armed = false;
    await interleave();
  };
  return {
    ...delegate(store),
    async put(name, data, options) {
      await maybe("put", name);
      return store.put(name, data, options);
    },
    async *listAll(prefix) {
      await maybe("list", prefix ?? "");
      yield* store.listAll(prefix);
    },
  };
}
