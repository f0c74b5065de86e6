/**
 * The analyzer's events on one machine: the same bucket scans that feed the local combiners
 * (runtime/local/bucketWatcher.ts), over the MLC documents instead of LC segments. The first scan
 * is compared with the star index, so a restarted analyzer (after a crash mid-star, say) hears
 * about exactly the stars whose index row is not at their MLC's generation, and nothing more.
 * A nacked event is delivered again after `retryDelayMs`.
 */
import type { Logger } from "pino";
import { readStarIndexShard, STAR_INDEX_SHARDS } from "../analysis/starIndex.js";
import { masterLightCurveName } from "../core/objectNames.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";
import { watchBucket, type BucketWatcher } from "../local/bucketWatcher.js";
import { starOfMasterLightCurve, type StarEventSource } from "./starEventSource.js";
import type { StarEvent } from "./starScheduler.js";

export const DEFAULT_RETRY_DELAY_MS = 1000;

/** Every MLC document and its generation. */
export async function listMasterLightCurves(store: ObjectStore): Promise<Map<string, Generation>> {
  const documents = new Map<string, Generation>();
  for await (const stat of store.listAll("MLC/")) if (starOfMasterLightCurve(stat.name)) documents.set(stat.name, stat.generation);
  return documents;
}

/** MLC name → generation that the index has a finished row (analysed or error) for. */
export async function indexedGenerations(store: ObjectStore): Promise<Map<string, Generation>> {
  const known = new Map<string, Generation>();
  for (let shard = 0; shard < STAR_INDEX_SHARDS; shard++) {
    for (const row of (await readStarIndexShard(store, shard)).rows.values()) {
      if (row.status !== "pending") known.set(masterLightCurveName(row.pic), row.mlcGeneration);
    }
  }
  return known;
}

export interface LocalEventSourceOptions {
  store: ObjectStore;
  logger: Logger;
  scanIntervalMs?: number;
  retryDelayMs?: number;
}

export function localEventSource(options: LocalEventSourceOptions): StarEventSource {
  let watcher: BucketWatcher | undefined;
  const retries = new Set<NodeJS.Timeout>();
  let stopped = false;
  return {
    async start(onEvent) {
      const deliver = (pic: string): void => {
        const event: StarEvent = {
          pic,
          ack: () => undefined,
          nack: () => {
            if (stopped) return;
            const timer = setTimeout(() => {
              retries.delete(timer);
              deliver(pic);
            }, options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS);
            retries.add(timer);
          },
        };
        onEvent(event);
      };
      watcher = watchBucket({
        store: options.store,
        known: await indexedGenerations(options.store),
        list: listMasterLightCurves,
        onChange: (change) => deliver(starOfMasterLightCurve(change.object)!),
        logger: options.logger,
        intervalMs: options.scanIntervalMs,
      });
    },
    async stop() {
      stopped = true;
      for (const timer of retries) clearTimeout(timer);
      await watcher?.stop();
    },
  };
}
