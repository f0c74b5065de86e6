/**
 * One read-merge-write of a star's MLC for a batch of segment notifications (design §1, §5):
 * read the MLC and its generation, read the LC objects that can change it, merge, and write only
 * if something changed, as a compare-and-swap on the generation read; a lost race re-reads the
 * MLC and the LC objects and merges again. The bucket is the truth: a notification, finalize or
 * delete, makes the MLC record whatever the LC object holds now: its current generation's points,
 * or a tombstone when it is gone or invalid.
 *
 * Why no interleaving loses, resurrects or wrongly rejects a segment (README "Master light
 * curves", the contract):
 * - every LC read a write depends on happens after the MLC read its compare-and-swap matches
 *   (never reused across attempts unchecked), so a write is based on states at least as new as
 *   the document; a retry re-reads an object it read before as a conditional read
 *   (storeReads.ts), which skips bytes and parsing while the object is still at the generation
 *   read, and is as current as a full read;
 * - an answer given without a write ("unchanged") rests on what the document records, live
 *   segments and tombstones, and a change older than the record changes nothing: a batch that read
 *   an object before its deletion cannot merge it back over the tombstone, even when its
 *   compare-and-swap matches the same document;
 * - a delete is checked against the bucket: an object that exists is merged, not removed.
 * Per notification that is at most 3 storage operations (get MLC, get LC, put MLC); duplicates
 * need only the MLC read. A batch that loses a compare-and-swap race pays its MLC read and one
 * (usually bodiless) LC read per object again. With a cache (masterLightCurveCache.ts), the MLC
 * read skips the bytes and the decoding while the document this replica last read or wrote is
 * still the stored one.
 */
import { InvalidObjectNameError, InvalidSegmentError, NotFoundError, StoreUnavailableError } from "../core/errors.js";
import { forEachLimited } from "../core/forEachLimited.js";
import type { SegmentLimits } from "../core/lightCurveSegment.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { DEFAULT_TAIL_POINT_LIMIT, rollOverTail, withoutDeadChunks } from "../core/masterLightCurveChunk.js";
import { encodeMasterLightCurve } from "../core/masterLightCurveCodec.js";
import { applySegmentUpdates, recordedGenerations, type SegmentUpdate } from "../core/mergeSegment.js";
import { masterLightCurveName, parseLightCurveName } from "../core/objectNames.js";
import { compareGenerations, type Generation, type ObjectStore } from "../core/store/objectStore.js";
import { withCasRetries, type RetryOptions } from "./casRetry.js";
import type { MasterLightCurveCache } from "./masterLightCurveCache.js";
import { DEFAULT_READ_CONCURRENCY, readLightCurve, readMasterLightCurve, type LcState } from "./storeReads.js";
import { ensureChunksStored, writeChunk } from "./writeChunk.js";

export interface SegmentChange {
  object: string;
  /** The notified generation; absent means "whatever the object holds now". */
  generation?: Generation;
  eventType: "OBJECT_FINALIZE" | "OBJECT_DELETE";
  /** Reconcile only: what the bucket holds replaces a newer generation the MLC records (a file restored with an old mtime). */
  replaceNewer?: boolean;
}

export type ChangeOutcome =
  | { object: string; generation?: Generation; outcome: "merged" | "unchanged" | "removed" }
  | { object: string; generation?: Generation; outcome: "invalid"; error: InvalidSegmentError };

export interface StorageOperationCounts {
  lcReads: number;
  mlcReads: number;
  mlcWrites: number;
  /** Chunks written because the tail passed the limit. */
  chunkWrites: number;
}

export interface ApplyChangesResult {
  /** One per change, in order. */
  outcomes: ChangeOutcome[];
  /** True when the MLC was written. */
  written: boolean;
  /** The MLC generation after the call (undefined: there is still no MLC). */
  mlcGeneration?: Generation;
  /** Read-merge-write attempts (1 unless a compare-and-swap lost a race). */
  attempts: number;
  operations: StorageOperationCounts;
}

export interface ApplyChangesOptions {
  retry?: Partial<RetryOptions>;
  /** LC objects read at the same time. */
  readConcurrency?: number;
  /** The `updated` time of a written MLC; defaults to now. */
  now?: () => string;
  /** Tail points above which the tail becomes a chunk (DEFAULT_TAIL_POINT_LIMIT). */
  tailPointLimit?: number;
  /** This replica's last documents: one still current is not read and decoded again. */
  cache?: MasterLightCurveCache;
  /** Size limits of LC objects (DEFAULT_SEGMENT_LIMITS). */
  segmentLimits?: SegmentLimits;
}

export async function applyChanges(
  store: ObjectStore,
  pic: string,
  changes: readonly SegmentChange[],
  options: ApplyChangesOptions = {},
): Promise<ApplyChangesResult> {
  const mlcName = masterLightCurveName(pic);
  const operations: StorageOperationCounts = { lcReads: 0, mlcReads: 0, mlcWrites: 0, chunkWrites: 0 };
  const nameErrors = changes.map((change) => nameError(pic, change.object));
  // What the last attempt read of each object: the next one reads it again, conditionally.
  const lastRead = new Map<string, LcState>();
  try {
    return await withCasRetries(mlcName, options.retry, async (attempt) => {
      operations.mlcReads++;
      const { mlc, generation: readGeneration } = await readMasterLightCurve(store, pic, options.cache);
      const recorded = recordedGenerations(mlc);
      const toRead = [...new Set(changes.filter((change, i) => !nameErrors[i] && mustReadObject(change, recorded.get(change.object))).map((c) => c.object))];
      // Read in this attempt, after the MLC read: a state read before another writer moved the MLC
      // on may be stale, and that writer (a rebuild) may have dropped the tombstone that would
      // have made the stale state harmless. The last attempt's state only spares the bytes.
      const states = new Map<string, LcState>();
      await forEachLimited(toRead, options.readConcurrency ?? DEFAULT_READ_CONCURRENCY, async (object) => {
        operations.lcReads++;
        const state = await readLightCurve(store, object, options.segmentLimits, lastRead.get(object));
        states.set(object, state);
        lastRead.set(object, state);
      });
      const updates = [...states].flatMap(([object, state]) => updateFor(object, state, changes, recorded.get(object)?.generation));
      const now = options.now?.() ?? new Date().toISOString();
      const result = applySegmentUpdates(mlc, updates, { updated: now });
      const after = result.changed ? recordedGenerations(result.mlc) : recorded;
      // A duplicate delivery in the same batch reports what the first one did: one merge is one "merged".
      const reported = new Set<string>();
      const outcomes = changes.map((change, i) => {
        const outcome = outcomeOf(change, nameErrors[i], states.get(change.object), recorded.get(change.object), after.get(change.object));
        if (outcome.outcome !== "merged") return outcome;
        if (reported.has(change.object)) return { ...outcome, outcome: "unchanged" as const };
        reported.add(change.object);
        return outcome;
      });
      if (!result.changed) return { outcomes, written: false, mlcGeneration: readGeneration, attempts: attempt, operations };

      let next: MasterLightCurve = withoutDeadChunks(result.mlc);
      const rolled = next.points.time.length > (options.tailPointLimit ?? DEFAULT_TAIL_POINT_LIMIT) ? rollOverTail(next) : undefined;
      if (rolled) {
        operations.chunkWrites++;
        await writeChunk(store, rolled.chunk);
        next = rolled.mlc;
      }
      operations.mlcWrites++;
      const written = await store.put(mlcName, encodeMasterLightCurve(next), { ifGenerationMatch: readGeneration ?? "0", contentType: "application/json" });
      options.cache?.set(pic, { mlc: next, generation: written.generation });
      if (rolled) await ensureChunksStored(store, [rolled.chunk]);
      return { outcomes, written: true, mlcGeneration: written.generation, attempts: attempt, operations };
    });
  } catch (error) {
    // Every absence the merge expects is handled above: one that escapes is a race, not a bad segment.
    if (error instanceof NotFoundError) throw new StoreUnavailableError(error.objectName, "changed while the batch ran", { cause: error });
    throw error;
  }
}

/**
 * Whether a change needs the LC object's current state, or the document's record of the object
 * (live or tombstone, at `held`) already settles it: a finalize of a generation recorded or
 * superseded, a delete of a generation recorded dead or superseded by a live newer one.
 */
function mustReadObject(change: SegmentChange, held: { generation: Generation; dead: boolean } | undefined): boolean {
  if (change.generation === undefined || held === undefined || change.replaceNewer) return true;
  const order = compareGenerations(held.generation, change.generation);
  if (change.eventType === "OBJECT_DELETE") return order < 0 || (order === 0 && !held.dead);
  // A tombstone at this very generation: read, to tell an invalid segment (422) from a deleted one.
  return order < 0 || (order === 0 && held.dead);
}

/** The update the object's state calls for: merge it, or record it dead up to a generation. */
function updateFor(object: string, state: LcState, changes: readonly SegmentChange[], held: Generation | undefined): SegmentUpdate[] {
  const replaceNewer = changes.some((c) => c.object === object && c.replaceNewer);
  if (state.kind === "segment") return [{ kind: "merge", segment: state.segment, generation: state.generation, replaceNewer }];
  if (state.kind === "invalid") return [{ kind: "remove", object, generation: state.generation, replaceNewer }];
  // Gone: dead up to the newest generation anyone named; with none named there is nothing to record.
  const named = [held, ...changes.filter((c) => c.object === object).map((c) => c.generation)].filter((g): g is Generation => g !== undefined);
  if (named.length === 0) return [];
  return [{ kind: "remove", object, generation: named.reduce((a, b) => (compareGenerations(a, b) >= 0 ? a : b)) }];
}

type ObjectRecord = { generation: Generation; dead: boolean } | undefined;

/** One change's answer: what happened to its object, from the document before and after. */
function outcomeOf(change: SegmentChange, nameFault: InvalidSegmentError | undefined, state: LcState | undefined, before: ObjectRecord, after: ObjectRecord): ChangeOutcome {
  const { object } = change;
  if (nameFault) return { object, generation: change.generation, outcome: "invalid", error: nameFault };
  // A delete is about the generation it names; a finalize about the one the bucket holds.
  const read = state && state.kind !== "gone" ? state.generation : undefined;
  const generation = change.eventType === "OBJECT_DELETE" ? (change.generation ?? read) : (read ?? change.generation);
  // 422 only for the generation that is invalid: a notification of another one was overtaken by it.
  if (state?.kind === "invalid" && change.eventType === "OBJECT_FINALIZE" && (change.generation === undefined || change.generation === state.generation)) {
    return { object, generation, outcome: "invalid", error: state.error };
  }
  const wasLive = before !== undefined && !before.dead;
  const isLive = after !== undefined && !after.dead;
  if (wasLive && !isLive) return { object, generation, outcome: "removed" };
  if (isLive && change.eventType === "OBJECT_FINALIZE" && (!wasLive || before.generation !== after.generation)) return { object, generation, outcome: "merged" };
  return { object, generation, outcome: "unchanged" };
}

function nameError(pic: string, object: string): InvalidSegmentError | undefined {
  try {
    const name = parseLightCurveName(object);
    if (name.pic !== pic) return new InvalidSegmentError(object, { reason: `is a segment of ${name.pic}, not of ${pic}` });
    return undefined;
  } catch (error) {
    if (error instanceof InvalidObjectNameError) return new InvalidSegmentError(object, { reason: error.message });
    throw error;
  }
}
