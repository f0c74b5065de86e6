/**
 * An ObjectStore that keeps two writes of one object name at least `intervalMs` apart, counting
 * from the `updated` time of the newest version it has seen, whoever wrote it. Cloud Storage
 * sustains one write per second to one object name and answers 429 past it
 * (https://cloud.google.com/storage/quotas#objects). The coalescing window keeps one replica's
 * batches of a star apart, but a batch's write lands anywhere between its start and its end (tens
 * to hundreds of ms of requests), and another replica's batch of the same star knows nothing of
 * this one's window: both met the limit in `npm run bench -- gcs`. Waiting before the write, from
 * the time the store itself gives the version the write replaces, covers both.
 */
import { iterateAllPages, type ObjectStat, type ObjectStore } from "../core/store/objectStore.js";

/**
 * Added to the interval: `updated` comes from Cloud Storage's clock, the wait from this host's;
 * GKE nodes keep NTP time from Google's servers, within milliseconds of it.
 */
export const CLOCK_SKEW_MARGIN_MS = 50;
/** Entries older than the interval decide nothing; past this many the map is swept. */
const SWEEP_ABOVE_ENTRIES = 10_000;

export interface SpacedWritesOptions {
  intervalMs: number;
  /** @default Date.now */
  now?: () => number;
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
}

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function spacedWritesObjectStore(inner: ObjectStore, { intervalMs, now = Date.now, sleep = timerSleep }: SpacedWritesOptions): ObjectStore {
  /** Per object name: when its newest version seen here was written (ms since the epoch). */
  const lastWriteMs = new Map<string, number>();

  const seen = <T extends ObjectStat | undefined>(stat: T): T => {
    if (stat) lastWriteMs.set(stat.name, Math.max(lastWriteMs.get(stat.name) ?? -Infinity, stat.updated.getTime()));
    if (lastWriteMs.size > SWEEP_ABOVE_ENTRIES) {
      for (const [name, at] of lastWriteMs) if (at + intervalMs + CLOCK_SKEW_MARGIN_MS < now()) lastWriteMs.delete(name);
    }
    return stat;
  };

  const spaced = async <T>(name: string, write: () => Promise<T>): Promise<T> => {
    const last = lastWriteMs.get(name);
    const waitMs = last === undefined ? 0 : last + intervalMs + CLOCK_SKEW_MARGIN_MS - now();
    if (waitMs > 0) await sleep(waitMs);
    return write();
  };

  const store: ObjectStore = {
    get url() {
      return inner.url;
    },
    get bucket() {
      return inner.bucket;
    },
    get: async (name) => seen(await inner.get(name)),
    getIfChanged: async (name, generation) => seen(await inner.getIfChanged(name, generation)),
    stat: async (name) => seen(await inner.stat(name)),
    put: (name, data, options) => spaced(name, async () => seen(await inner.put(name, data, options))),
    delete: (name, options) =>
      spaced(name, async () => {
        await inner.delete(name, options);
        lastWriteMs.set(name, now());
      }),
    list: (options) => inner.list(options),
    listAll: (prefix) => iterateAllPages(store, prefix),
  };
  return store;
}
