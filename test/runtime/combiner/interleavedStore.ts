/**
 * Forcing one interleaving: a store that runs another actor's work to completion inside one of
 * its own calls (just before it is sent, or just after it returned), once, at the first call
 * that matches. Regression tests of races use it; the schedule explorer (test/explore) tries
 * many interleavings instead of one.
 */
import { iterateAllPages, type ObjectStore } from "../../../runtime/core/store/objectStore.js";

export type StoreOperation = "get" | "getIfChanged" | "stat" | "put" | "delete" | "list";

export interface Interleaving {
  /** The call inside which the other work runs. */
  when: (operation: StoreOperation, name: string) => boolean;
  /** Before the call reaches the bucket, or after it returned. */
  at: "before" | "after";
  /** The other actor's work. */
  run: () => Promise<void>;
}

export function interleavedStore(inner: ObjectStore, interleaving: Interleaving): ObjectStore & { readonly ran: boolean } {
  let ran = false;
  async function call<T>(operation: StoreOperation, name: string, send: () => Promise<T>): Promise<T> {
    const due = !ran && interleaving.when(operation, name);
    if (due) ran = true;
    if (due && interleaving.at === "before") await interleaving.run();
    try {
      return await send();
    } finally {
      if (due && interleaving.at === "after") await interleaving.run();
    }
  }
  const store = {
    url: inner.url,
    bucket: inner.bucket,
    get ran() {
      return ran;
    },
    get: (name: string) => call("get", name, () => inner.get(name)),
    getIfChanged: (name: string, generation: string) => call("getIfChanged", name, () => inner.getIfChanged(name, generation)),
    stat: (name: string) => call("stat", name, () => inner.stat(name)),
    put: (name: string, data: Uint8Array, options?: Parameters<ObjectStore["put"]>[2]) => call("put", name, () => inner.put(name, data, options)),
    delete: (name: string, options?: Parameters<ObjectStore["delete"]>[1]) => call("delete", name, () => inner.delete(name, options)),
    list: (options?: Parameters<ObjectStore["list"]>[0]) => call("list", options?.prefix ?? "", () => inner.list(options)),
    listAll: (prefix?: string) => iterateAllPages(store, prefix),
  };
  return store;
}
