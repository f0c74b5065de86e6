/**
 * Reading what the merge needs from the bucket, shared by the service path (applyChanges) and
 * the repair commands (combine, reconcile): an LC object as the bucket holds it now, and an MLC
 * with the generation its compare-and-swap write must match.
 */
import { InvalidSegmentError, NotFoundError } from "../core/errors.js";
import { parseLightCurveSegment, type LightCurveSegment, type SegmentLimits } from "../core/lightCurveSegment.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../core/masterLightCurve.js";
import { readMasterLightCurveDocument } from "../core/loadMasterLightCurve.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";
import type { MasterLightCurveCache } from "./masterLightCurveCache.js";

/** LC objects read at the same time. */
export const DEFAULT_READ_CONCURRENCY = 8;

/** What the bucket says about one LC object. */
export type LcState =
  | { kind: "segment"; segment: LightCurveSegment; generation: Generation }
  | { kind: "gone" }
  | { kind: "invalid"; error: InvalidSegmentError; generation: Generation };

/**
 * The object's state as the bucket holds it now. Given the state an earlier read found
 * (`previous`, a compare-and-swap attempt before), the read asks for the bytes only if the object
 * moved on from that generation (getIfChanged): a generation names one content, so when it is
 * unchanged the earlier parse is what a full read now would give, and the answer is as current as
 * one. A previous "gone" has no generation to compare, so it is read again in full.
 */
export async function readLightCurve(store: ObjectStore, object: string, limits?: SegmentLimits, previous?: LcState): Promise<LcState> {
  let stored;
  try {
    if (previous !== undefined && previous.kind !== "gone") {
      stored = await store.getIfChanged(object, previous.generation);
      if (stored === undefined) return previous;
    } else {
      stored = await store.get(object);
    }
  } catch (error) {
    if (error instanceof NotFoundError) return { kind: "gone" };
    throw error;
  }
  try {
    return { kind: "segment", segment: parseLightCurveSegment(object, stored.data, limits), generation: stored.generation };
  } catch (error) {
    if (error instanceof InvalidSegmentError) return { kind: "invalid", error, generation: stored.generation };
    throw error;
  }
}

/**
 * The MLC document as stored (segments, tail points, chunk list: what a merge needs, never the
 * chunks) and its generation; an absent MLC is an empty one, to be created with generation "0".
 * With a cache, a document this replica holds at the stored generation is not read again, and
 * what is read goes into the cache.
 */
export async function readMasterLightCurve(store: ObjectStore, pic: string, cache?: MasterLightCurveCache): Promise<{ mlc: MasterLightCurve; generation?: Generation }> {
  try {
    const document = await readMasterLightCurveDocument(store, pic, cache?.get(pic));
    cache?.set(pic, document);
    return document;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    cache?.delete(pic);
    return { mlc: emptyMasterLightCurve(pic) };
  }
}
