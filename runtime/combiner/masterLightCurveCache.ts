/**
 * The MLC document of each star as this replica last read or wrote it, with its generation. The
 * star's next batch still asks the bucket for the MLC, but conditionally (getIfChanged): while
 * the stored generation is the cached one, neither bytes nor decoding are paid for, and a copy
 * another replica made stale is simply replaced by what the read returns. Documents are never
 * mutated (the merge is pure), so an entry can be shared.
 *
 * Bounded by the points held (tail points, plus one per segment entry), least recently used
 * first out: a hot star's tail stays under the roll-over limit, so the bound holds many stars.
 */
import type { MasterLightCurveDocument } from "../core/loadMasterLightCurve.js";

export interface MasterLightCurveCache {
  get(pic: string): MasterLightCurveDocument | undefined;
  set(pic: string, entry: MasterLightCurveDocument): void;
  delete(pic: string): void;
  /** Points held now (see weight). */
  readonly points: number;
}

/** About 20 MB of decoded columns: every MLC of a 200-star survey burst, or 100 hot-star tails. */
export const DEFAULT_CACHE_POINTS = 250_000;

const weight = ({ mlc }: MasterLightCurveDocument): number => mlc.points.time.length + mlc.segments.length;

export function createMasterLightCurveCache(maxPoints = DEFAULT_CACHE_POINTS): MasterLightCurveCache {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  const entries = new Map<string, MasterLightCurveDocument>();
  let points = 0;
  const remove = (pic: string): void => {
    const entry = entries.get(pic);
    if (!entry) return;
    entries.delete(pic);
    points -= weight(entry);
  };
  return {
    get(pic) {
      const entry = entries.get(pic);
      if (entry) {
        entries.delete(pic);
        entries.set(pic, entry);
      }
      return entry;
    },
    set(pic, entry) {
      remove(pic);
      if (weight(entry) > maxPoints) return;
      entries.set(pic, entry);
      points += weight(entry);
      for (const [oldest] of entries) {
        if (points <= maxPoints) break;
        remove(oldest);
      }
    },
    delete: remove,
    get points() {
      return points;
    },
  };
}
