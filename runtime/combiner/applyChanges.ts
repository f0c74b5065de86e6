/**
 * One read-merge-write of a star's MLC for a batch of segment notifications (design §1, §5):
 * read the MLC and its generation, read the LC objects that can change it, merge, and write only
 * if something changed, as a compare-and-swap on the generation read; a lost race re-reads the
 * MLC and merges again. The bucket is the truth: a finalize merges whatever generation the LC
 * object holds now, and one whose object is gone counts as a delete. Per notification that is at
 * most 3 storage operations (get MLC, get LC, put MLC); duplicates need only the MLC read. With a
 * cache (masterLightCurveCache.ts), the MLC read skips the bytes and the decoding while the
 * document this replica last read or wrote is still the stored one.
 */
import { InvalidObjectNameError, InvalidSegmentError } from "../core/errors.js";
import { forEachLimited } from "../core/forEachLimited.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { DEFAULT_TAIL_POINT_LIMIT, rollOverTail, withoutDeadChunks } from "../core/masterLightCurveChunk.js";
import { encodeMasterLightCurve } from "../core/masterLightCurveCodec.js";
import { applySegmentUpdates, type SegmentUpdate } from "../core/mergeSegment.js";
import { masterLightCurveName, parseLightCurveName } from "../core/objectNames.js";
import { compareGenerations, type Generation, type ObjectStore } from "../core/store/objectStore.js";
import { withCasRetries, type RetryOptions } from "./casRetry.js";
import type { MasterLightCurveCache } from "./masterLightCurveCache.js";
import { DEFAULT_READ_CONCURRENCY, readLightCurve, readMasterLightCurve, type LcState } from "./storeReads.js";
import { writeChunk } from "./writeChunk.js";

export interface SegmentChange {
  object: string;
  /** The notified generation; absent means "whatever the object holds now". */
  generation?: Generation;
  eventType: "OBJECT_FINALIZE" | "OBJECT_DELETE";
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
  const lcStates = new Map<string, LcState>();
  const readLc = async (object: string): Promise<void> => {
    if (lcStates.has(object)) return;
    operations.lcReads++;
    lcStates.set(object, await readLightCurve(store, object));
  };

  return withCasRetries(mlcName, options.retry, async (attempt) => {
    operations.mlcReads++;
    const { mlc, generation: readGeneration } = await readMasterLightCurve(store, pic, options.cache);
    const held = new Map(mlc.segments.map((s) => [s.object, s.generation]));
    const needsRead = changes.filter((change, i) => !nameErrors[i] && mustReadObject(change, held.get(change.object)));
    await forEachLimited([...new Set(needsRead.map((c) => c.object))], options.readConcurrency ?? DEFAULT_READ_CONCURRENCY, readLc);

    const updates: SegmentUpdate[] = [];
    const decided = changes.map((change, i): ChangeOutcome | number => {
      const error = nameErrors[i];
      if (error) return { object: change.object, generation: change.generation, outcome: "invalid", error };
      const state = mustReadObject(change, held.get(change.object)) ? lcStates.get(change.object)! : undefined;
      if (!state) {
        // A duplicate or superseded finalize, or a delete of a known generation: no read needed.
        if (change.eventType === "OBJECT_FINALIZE") return { object: change.object, generation: change.generation, outcome: "unchanged" };
        return updates.push({ kind: "remove", object: change.object, generation: change.generation }) - 1;
      }
      if (state.kind === "invalid") return { object: change.object, generation: state.generation, outcome: "invalid", error: state.error };
      if (state.kind === "gone") return updates.push({ kind: "remove", object: change.object, generation: change.generation }) - 1;
      return updates.push({ kind: "merge", segment: state.segment, generation: state.generation }) - 1;
    });

    const now = options.now?.() ?? new Date().toISOString();
    const result = applySegmentUpdates(mlc, updates, { updated: now });
    const outcomes = decided.map((d, i): ChangeOutcome => {
      if (typeof d !== "number") return d;
      return { object: changes[i]!.object, generation: updates[d]!.generation, outcome: result.outcomes[d]! };
    });
    if (!result.changed) return { outcomes, written: false, mlcGeneration: readGeneration, attempts: attempt, operations };
    let next: MasterLightCurve = withoutDeadChunks({ ...result.mlc, ...(mlc.chunks && { chunks: mlc.chunks }) });
    if (next.points.time.length > (options.tailPointLimit ?? DEFAULT_TAIL_POINT_LIMIT)) {
      const rolled = rollOverTail(next);
      operations.chunkWrites++;
      await writeChunk(store, rolled.chunk);
      next = rolled.mlc;
    }
    operations.mlcWrites++;
    const written = await store.put(mlcName, encodeMasterLightCurve(next), {
      ifGenerationMatch: readGeneration ?? "0",
      contentType: "application/json",
    });
    options.cache?.set(pic, { mlc: next, generation: written.generation });
    return { outcomes, written: true, mlcGeneration: written.generation, attempts: attempt, operations };
  });
}

/** Whether a change needs the LC object's current state (else the MLC alone decides it). */
function mustReadObject(change: SegmentChange, heldGeneration: Generation | undefined): boolean {
  if (change.generation === undefined) return true;
  if (change.eventType === "OBJECT_DELETE") return false;
  return heldGeneration === undefined || compareGenerations(heldGeneration, change.generation) < 0;
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
