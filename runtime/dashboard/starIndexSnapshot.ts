/**
 * The star index as the dashboard serves it: every shard read once and kept with its generation;
 * at most once per `refreshMs` each shard is checked with a conditional read (getIfChanged: no
 * bytes while it is unchanged), and concurrent requests share one check. A shard that cannot be
 * read or parsed leaves its stars out and is reported, so one bad object never fails the table.
 */
import { parseStarIndexShard, STAR_INDEX_SHARDS } from "../analysis/starIndex.js";
import type { StarIndexRow } from "../analysis/starIndexRow.js";
import { NotFoundError } from "../core/errors.js";
import { starIndexShardName } from "../core/objectNames.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";

/** How stale the table may be: one second, as a page view is not worth more store requests. */
export const DEFAULT_INDEX_REFRESH_MS = 1000;

export interface StarIndexSnapshot {
  /** Every star, in PIC order. */
  rows: StarIndexRow[];
  byPic: Map<string, StarIndexRow>;
  /** Shards that could not be read, with why. */
  faults: string[];
}

interface ShardCopy {
  generation: Generation;
  rows: StarIndexRow[];
  fault?: string;
}

export interface StarIndexReader {
  snapshot(): Promise<StarIndexSnapshot>;
}

export function createStarIndexReader(store: ObjectStore, { refreshMs = DEFAULT_INDEX_REFRESH_MS, now = Date.now } = {}): StarIndexReader {
  const shards = new Map<number, ShardCopy>();
  let current: StarIndexSnapshot | undefined;
  let checkedAt = -Infinity;
  let refreshing: Promise<StarIndexSnapshot> | undefined;

  const readShard = async (shard: number): Promise<boolean> => {
    const name = starIndexShardName(shard);
    const held = shards.get(shard);
    try {
      const stored = held && !held.fault ? await store.getIfChanged(name, held.generation) : await store.get(name);
      if (!stored) return false;
      try {
        shards.set(shard, { generation: stored.generation, rows: [...parseStarIndexShard(name, stored.data).values()] });
      } catch (error) {
        shards.set(shard, { generation: stored.generation, rows: [], fault: (error as Error).message });
      }
    } catch (error) {
      if (error instanceof NotFoundError) shards.set(shard, { generation: "0", rows: [] });
      else shards.set(shard, { generation: "0", rows: held?.rows ?? [], fault: `${name}: ${(error as Error).message}` });
    }
    return true;
  };

  const refresh = async (): Promise<StarIndexSnapshot> => {
    const changed = await Promise.all(Array.from({ length: STAR_INDEX_SHARDS }, (_, shard) => readShard(shard)));
    if (!current || changed.some(Boolean)) {
      const copies = [...shards.values()];
      const rows = copies.flatMap((c) => c.rows).sort((a, b) => (a.pic < b.pic ? -1 : a.pic > b.pic ? 1 : 0));
      current = { rows, byPic: new Map(rows.map((r) => [r.pic, r])), faults: copies.flatMap((c) => (c.fault ? [c.fault] : [])) };
    }
    checkedAt = now();
    return current;
  };

  return {
    snapshot() {
      if (current && now() - checkedAt < refreshMs) return Promise.resolve(current);
      refreshing ??= refresh().finally(() => (refreshing = undefined));
      return refreshing;
    },
  };
}
