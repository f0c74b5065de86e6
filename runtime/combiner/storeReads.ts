/**
 * Reading what the merge needs from the bucket, shared by the service path (applyChanges) and
 * the repair commands (combine, reconcile): an LC object as the bucket holds it now, and an MLC
 * with the generation its compare-and-swap write must match.
 */
import { InvalidSegmentError, NotFoundError } from "../core/errors.js";
import { parseLightCurveSegment, type LightCurveSegment } from "../core/lightCurveSegment.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../core/masterLightCurve.js";
import { readMasterLightCurveDocument } from "../core/loadMasterLightCurve.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";

/** LC objects read at the same time. */
export const DEFAULT_READ_CONCURRENCY = 8;

/** What the bucket says about one LC object. */
export type LcState =
  | { kind: "segment"; segment: LightCurveSegment; generation: Generation }
  | { kind: "gone" }
  | { kind: "invalid"; error: InvalidSegmentError; generation: Generation };

export async function readLightCurve(store: ObjectStore, object: string): Promise<LcState> {
  let stored;
  try {
    stored = await store.get(object);
  } catch (error) {
    if (error instanceof NotFoundError) return { kind: "gone" };
    throw error;
  }
  try {
    return { kind: "segment", segment: parseLightCurveSegment(object, stored.data), generation: stored.generation };
  } catch (error) {
    if (error instanceof InvalidSegmentError) return { kind: "invalid", error, generation: stored.generation };
    throw error;
  }
}

/**
 * The MLC document as stored (segments, tail points, chunk list: what a merge needs, never the
 * chunks) and its generation; an absent MLC is an empty one, to be created with generation "0".
 */
export async function readMasterLightCurve(store: ObjectStore, pic: string): Promise<{ mlc: MasterLightCurve; generation?: Generation }> {
  try {
    return await readMasterLightCurveDocument(store, pic);
  } catch (error) {
    if (error instanceof NotFoundError) return { mlc: emptyMasterLightCurve(pic) };
    throw error;
  }
}
