import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";

/**
 * `store` with one method replaced (a failure to inject, or a recorder around the real call); every
 * other method is the store's own, bound to it. For the failure paths of code that takes a store.
 */
export function storeWithMethod<K extends keyof ObjectStore>(store: ObjectStore, key: K, method: ObjectStore[K]): ObjectStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === key) return method;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
