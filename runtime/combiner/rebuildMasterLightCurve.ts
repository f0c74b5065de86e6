/**
 * `piaa combine PIC`: rebuild one star's MLC from everything under LC/{pic}/, as the 2016
 * combiner did on every notification, but into the versioned format and with a compare-and-swap
 * write, so a rebuild never overwrites a merge that the service made meanwhile: on a conflict it
 * lists and merges again (re-reading only the objects whose generation moved). The existing MLC
 * is not trusted, only its generation: a rebuild repairs a damaged document or chunk too. The
 * points are written into fresh chunks of whole segments (at least `tailPointLimit` points each,
 * the remainder stays in the document's tail); chunks of the old document become unlisted and
 * are collected by `piaa reconcile`.
 */
import { InvalidDocumentError, InvalidObjectNameError, InvalidSegmentError, NotFoundError } from "../core/errors.js";
import { forEachLimited } from "../core/forEachLimited.js";
import type { SegmentLimits } from "../core/lightCurveSegment.js";
import { assembleFromStore } from "../core/loadMasterLightCurve.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../core/masterLightCurve.js";
import { chunkMasterLightCurve, DEFAULT_TAIL_POINT_LIMIT } from "../core/masterLightCurveChunk.js";
import { decodeMasterLightCurve, encodeMasterLightCurve } from "../core/masterLightCurveCodec.js";
import { applySegmentUpdates, type SegmentUpdate } from "../core/mergeSegment.js";
import { lightCurvePrefix, masterLightCurveName, parseLightCurveName } from "../core/objectNames.js";
import type { Generation, ObjectStat, ObjectStore } from "../core/store/objectStore.js";
import { withCasRetries, type RetryOptions } from "./casRetry.js";
import { DEFAULT_READ_CONCURRENCY, readLightCurve, type LcState } from "./storeReads.js";
import { ensureChunksStored, writeChunk } from "./writeChunk.js";

export interface RebuildOptions {
  retry?: Partial<RetryOptions>;
  readConcurrency?: number;
  /** Called after each LC object read, with the count so far and the total listed. */
  onProgress?: (read: number, total: number) => void;
  /** Points per chunk written (DEFAULT_TAIL_POINT_LIMIT). */
  tailPointLimit?: number;
  /** Size limits of LC objects (DEFAULT_SEGMENT_LIMITS). */
  segmentLimits?: SegmentLimits;
}

export interface RebuildResult {
  pic: string;
  /** Segments and points in the rebuilt MLC. */
  segments: number;
  points: number;
  /** Objects under LC/{pic}/ that could not be merged (bad name or bad content). */
  invalid: InvalidSegmentError[];
  /** False when the stored MLC already held exactly these segment generations. */
  written: boolean;
  /** Why the stored MLC was replaced rather than compared, when it was unreadable. */
  replacedInvalidDocument?: string;
  mlcGeneration?: Generation;
}

export async function rebuildMasterLightCurve(store: ObjectStore, pic: string, options: RebuildOptions = {}): Promise<RebuildResult> {
  const mlcName = masterLightCurveName(pic);
  const cache = new Map<string, LcState>();
  return withCasRetries(mlcName, options.retry, async () => {
    const existing = await readExisting(store, mlcName, pic);
    const listed: ObjectStat[] = [];
    for await (const stat of store.listAll(lightCurvePrefix(pic))) listed.push(stat);
    const invalid: InvalidSegmentError[] = [];
    const segmentObjects = listed.filter(({ name }) => {
      const fault = nameFault(name);
      if (fault) invalid.push(new InvalidSegmentError(name, { reason: fault.message }));
      return !fault;
    });
    let read = 0;
    await forEachLimited(segmentObjects, options.readConcurrency ?? DEFAULT_READ_CONCURRENCY, async ({ name, generation }) => {
      const key = `${name}#${generation}`;
      if (!cache.has(key)) cache.set(key, await readLightCurve(store, name, options.segmentLimits));
      options.onProgress?.(++read, segmentObjects.length);
    });

    const updates: SegmentUpdate[] = [];
    for (const { name, generation } of segmentObjects) {
      const state = cache.get(`${name}#${generation}`)!;
      if (state.kind === "segment") updates.push({ kind: "merge", segment: state.segment, generation: state.generation });
      // An invalid object is recorded dead at its generation, as the service records it.
      if (state.kind === "invalid") {
        invalid.push(state.error);
        updates.push({ kind: "remove", object: name, generation: state.generation });
      }
    }
    const mlc = applySegmentUpdates(emptyMasterLightCurve(pic), updates).mlc;
    const result = { pic, segments: mlc.segments.length, points: mlc.points.time.length, invalid };
    if (existing.mlc && sameSegments(existing.mlc, mlc)) return { ...result, written: false, mlcGeneration: existing.generation };
    const chunked = chunkMasterLightCurve(mlc, options.tailPointLimit ?? DEFAULT_TAIL_POINT_LIMIT);
    await forEachLimited(chunked.chunks, options.readConcurrency ?? DEFAULT_READ_CONCURRENCY, (chunk) => writeChunk(store, chunk));
    const written = await store.put(mlcName, encodeMasterLightCurve(chunked.mlc), { ifGenerationMatch: existing.generation ?? "0", contentType: "application/json" });
    await ensureChunksStored(store, chunked.chunks);
    return { ...result, written: true, replacedInvalidDocument: existing.fault, mlcGeneration: written.generation };
  });
}

/** The stored MLC if readable, and in any case its generation (the CAS precondition). */
async function readExisting(
  store: ObjectStore,
  mlcName: string,
  pic: string,
): Promise<{ mlc?: MasterLightCurve; generation?: Generation; fault?: string }> {
  let stored;
  try {
    stored = await store.get(mlcName);
  } catch (error) {
    if (error instanceof NotFoundError) return {};
    throw error;
  }
  try {
    const doc = decodeMasterLightCurve(mlcName, stored.data, pic);
    return { mlc: await assembleFromStore(store, doc), generation: stored.generation };
  } catch (error) {
    if (error instanceof InvalidDocumentError) return { generation: stored.generation, fault: error.message };
    throw error;
  }
}

function nameFault(name: string): InvalidObjectNameError | undefined {
  try {
    parseLightCurveName(name);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidObjectNameError) return error;
    throw error;
  }
}

/** Same merged (object, generation) pairs: the points then are the same too. */
function sameSegments(a: MasterLightCurve, b: MasterLightCurve): boolean {
  return a.segments.length === b.segments.length && a.segments.every((s, i) => s.object === b.segments[i]!.object && s.generation === b.segments[i]!.generation);
}
