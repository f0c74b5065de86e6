/**
 * How far the pipeline has got, read from the bucket itself: which LC segments exist (with their
 * generations) and which of them their star's MLC already holds at that generation. `piaa start`
 * uses it for progress and its summary, and to seed local delivery after a restart.
 */
import { parseMasterLightCurve } from "../core/masterLightCurve.js";
import { parseLightCurveName, tryParseObjectName } from "../core/objectNames.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";

export interface PipelineStatus {
  /** LC segment objects in the bucket. */
  segments: number;
  /** Of those, how many their MLC holds at the current generation. */
  merged: number;
  /** MLC documents (stars with a master light curve). */
  stars: number;
  /** Points over all MLCs. */
  points: number;
  /** Segments not (yet) in their MLC at their current generation. */
  pending: string[];
  /** MLC entries whose LC object is gone or has a newer generation. */
  stale: string[];
}

/** Every LC segment object and its generation (other names under LC/ are not segments). */
export async function listSegments(store: ObjectStore): Promise<Map<string, Generation>> {
  const segments = new Map<string, Generation>();
  for await (const stat of store.listAll("LC/")) {
    try {
      parseLightCurveName(stat.name);
      segments.set(stat.name, stat.generation);
    } catch {
      // not a segment: the combiner would reject it too, so it never becomes pending
    }
  }
  return segments;
}

/** Every segment the MLCs hold, with the generation merged, and the MLCs' point count. */
export async function readMergedSegments(store: ObjectStore): Promise<{ merged: Map<string, Generation>; stars: number; points: number }> {
  const merged = new Map<string, Generation>();
  let stars = 0;
  let points = 0;
  for await (const stat of store.listAll("MLC/")) {
    if (tryParseObjectName(stat.name)?.kind !== "mlc") continue;
    const { data } = await store.get(stat.name);
    const mlc = parseMasterLightCurve(stat.name, data);
    stars += 1;
    // The document's segment list counts every point, also those kept in chunks.
    for (const segment of mlc.segments) points += segment.points;
    for (const segment of mlc.segments) merged.set(segment.object, segment.generation);
  }
  return { merged, stars, points };
}

export async function readPipelineStatus(store: ObjectStore): Promise<PipelineStatus> {
  const segments = await listSegments(store);
  const { merged, stars, points } = await readMergedSegments(store);
  const pending = [...segments].filter(([object, generation]) => merged.get(object) !== generation).map(([object]) => object);
  const stale = [...merged].filter(([object, generation]) => segments.get(object) !== generation).map(([object]) => object);
  return { segments: segments.size, merged: segments.size - pending.length, stars, points, pending, stale };
}
