/**
 * The star index: every star's row (starIndexRow.ts) in STAR_INDEX_SHARDS documents
 * `ANALYSIS/index/{n}.json`, a star always in the same shard (a hash of its PIC), so the
 * dashboard reads the whole table in a fixed number of reads whatever the number of stars, and
 * writers contend per shard, not for one object (Cloud Storage takes about one write per second
 * per object name).
 *
 * Every change is a compare-and-swap on the shard's generation, retried with jittered backoff;
 * a change that would not alter the shard (a replayed row) writes nothing.
 */
import { z } from "zod";
import { jitteredBackoffMs, sleep, type BackoffOptions } from "../core/backoff.js";
import { InvalidDocumentError, NotFoundError, PreconditionFailedError } from "../core/errors.js";
import { parseJsonDocument } from "../core/jsonDocument.js";
import { starIndexShardName } from "../core/objectNames.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";
import { starIndexRowSchema, supersedes, type StarIndexRow } from "./starIndexRow.js";

/** 16 shards of ~6,000 rows (~1.5 MB) each at 100,000 stars; changing it needs `piaa reindex`. */
export const STAR_INDEX_SHARDS = 16;
export const STAR_INDEX_SCHEMA_VERSION = 1;

const shardSchema = z.object({
  schema: z.literal(STAR_INDEX_SCHEMA_VERSION),
  shard: z.number().int().nonnegative(),
  shards: z.number().int().positive(),
  rows: z.array(starIndexRowSchema),
});

export interface StarIndexShard {
  shard: number;
  /** The stored shard's generation; "0" when it does not exist yet. */
  generation: Generation;
  rows: Map<string, StarIndexRow>;
}

/** A change to one star's row: a row to merge (by `supersedes`), or the star's removal. */
export type StarIndexChange = { pic: string; row: StarIndexRow } | { pic: string; remove: true };

/** FNV-1a (32-bit) of the PIC: stable across processes and versions, spreads similar names. */
export function shardOf(pic: string, shards = STAR_INDEX_SHARDS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pic.length; i++) hash = Math.imul(hash ^ pic.charCodeAt(i), 0x01000193) >>> 0;
  return hash % shards;
}

/** A shard as stored; `replaceInvalid` reads one that does not parse as empty (for `piaa reindex`). */
export async function readStarIndexShard(store: ObjectStore, shard: number, { replaceInvalid = false } = {}): Promise<StarIndexShard> {
  const name = starIndexShardName(shard);
  let stored;
  try {
    stored = await store.get(name);
  } catch (error) {
    if (error instanceof NotFoundError) return { shard, generation: "0", rows: new Map() };
    throw error;
  }
  try {
    return { shard, generation: stored.generation, rows: parseStarIndexShard(name, stored.data) };
  } catch (error) {
    if (replaceInvalid && error instanceof InvalidDocumentError) return { shard, generation: stored.generation, rows: new Map() };
    throw error;
  }
}

export function parseStarIndexShard(name: string, bytes: Uint8Array): Map<string, StarIndexRow> {
  const document = parseJsonDocument(name, bytes, shardSchema);
  return new Map(document.rows.map((row) => [row.pic, row]));
}

export function encodeStarIndexShard(shard: number, rows: Iterable<StarIndexRow>): Buffer {
  const sorted = [...rows].sort((a, b) => (a.pic < b.pic ? -1 : a.pic > b.pic ? 1 : 0));
  return Buffer.from(JSON.stringify({ schema: STAR_INDEX_SCHEMA_VERSION, shard, shards: STAR_INDEX_SHARDS, rows: sorted }));
}

/** Applies changes to a shard's rows in place; returns whether anything changed. */
export function applyStarIndexChanges(rows: Map<string, StarIndexRow>, changes: readonly StarIndexChange[]): boolean {
  let changed = false;
  for (const change of changes) {
    if ("remove" in change) {
      changed = rows.delete(change.pic) || changed;
    } else if (supersedes(change.row, rows.get(change.pic))) {
      rows.set(change.pic, change.row);
      changed = true;
    }
  }
  return changed;
}

export const DEFAULT_INDEX_RETRY: BackoffOptions & { maxAttempts: number } = { baseDelayMs: 50, maxDelayMs: 2_000, maxAttempts: 50 };

/**
 * Read, change, compare-and-swap one shard until the write holds (or nothing changes).
 * `rewrite` gets the stored rows and returns the rows to store, or undefined for no write.
 */
export async function updateStarIndexShard(
  store: ObjectStore,
  shard: number,
  rewrite: (rows: Map<string, StarIndexRow>) => Map<string, StarIndexRow> | undefined,
  { retry = DEFAULT_INDEX_RETRY, replaceInvalid = false } = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const current = await readStarIndexShard(store, shard, { replaceInvalid });
    const next = rewrite(current.rows);
    if (!next) return;
    try {
      await store.put(starIndexShardName(shard), encodeStarIndexShard(shard, next.values()), { ifGenerationMatch: current.generation, contentType: "application/json" });
      return;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError) || attempt >= retry.maxAttempts) throw error;
      await sleep(jitteredBackoffMs(attempt, retry));
    }
  }
}

/** Applies `changes` to the index: one compare-and-swap loop per shard they touch. */
export async function updateStarIndex(store: ObjectStore, changes: readonly StarIndexChange[]): Promise<void> {
  const byShard = new Map<number, StarIndexChange[]>();
  for (const change of changes) {
    const shard = shardOf(change.pic);
    let list = byShard.get(shard);
    if (!list) byShard.set(shard, (list = []));
    list.push(change);
  }
  await Promise.all(
    [...byShard].map(([shard, shardChanges]) =>
      updateStarIndexShard(store, shard, (rows) => (applyStarIndexChanges(rows, shardChanges) ? rows : undefined)),
    ),
  );
}
