/**
 * The analyzer's way into the star index: changes for one shard that arrive while that shard's
 * write is in flight are applied together in its next write, so the index keeps up with any
 * number of stars analysed at once although each shard takes about one write per second.
 */
import type { ObjectStore } from "../core/store/objectStore.js";
import { applyStarIndexChanges, shardOf, updateStarIndexShard, type StarIndexChange } from "../analysis/starIndex.js";

export interface StarIndexWriter {
  /** Resolves once a write holding this change (or a shard it would not alter) is stored. */
  apply(change: StarIndexChange): Promise<void>;
}

interface Waiting {
  change: StarIndexChange;
  resolve(): void;
  reject(error: unknown): void;
}

export function createStarIndexWriter(store: ObjectStore): StarIndexWriter {
  const waiting = new Map<number, Waiting[]>();
  const writing = new Set<number>();

  const flush = (shard: number): void => {
    const batch = waiting.get(shard);
    if (writing.has(shard) || !batch || batch.length === 0) return;
    waiting.delete(shard);
    writing.add(shard);
    const changes = batch.map((w) => w.change);
    updateStarIndexShard(store, shard, (rows) => (applyStarIndexChanges(rows, changes) ? rows : undefined))
      .then(
        () => batch.forEach((w) => w.resolve()),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      )
      .finally(() => {
        writing.delete(shard);
        flush(shard);
      });
  };

  return {
    apply(change) {
      const shard = shardOf(change.pic);
      return new Promise<void>((resolve, reject) => {
        let list = waiting.get(shard);
        if (!list) waiting.set(shard, (list = []));
        list.push({ change, resolve, reject });
        flush(shard);
      });
    },
  };
}
