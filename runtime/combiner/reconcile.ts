/**
 * `piaa reconcile`: repairs what lost notifications left behind (design §1). For every star with
 * objects under LC/ or a document under MLC/, the LC listing (names and generations) is compared
 * with the MLC's segment list: segments missing or stale in the MLC are merged, segments whose LC
 * object is gone are removed, and an unreadable MLC is rebuilt. Fixes go through the same
 * compare-and-swap path as the service (applyChanges), so reconcile can run beside it.
 */
import { InvalidDocumentError, InvalidObjectNameError } from "../core/errors.js";
import { masterLightCurveName, parseLightCurveName, parseObjectName } from "../core/objectNames.js";
import { compareGenerations, type Generation, type ObjectStore } from "../core/store/objectStore.js";
import { applyChanges, type SegmentChange } from "./applyChanges.js";
import { rebuildMasterLightCurve } from "./rebuildMasterLightCurve.js";
import { readMasterLightCurve } from "./storeReads.js";

export type DriftKind = "missing" | "stale" | "gone" | "unreadable";

/** One thing found out of line, and what fixing it did (absent on a dry run). */
export interface Fix {
  pic: string;
  /** The LC object (or, for an unreadable MLC, the MLC object). */
  object: string;
  kind: DriftKind;
  /** Generation in LC/ (absent when gone) and in the MLC (absent when missing). */
  lcGeneration?: Generation;
  mlcGeneration?: Generation;
  /** merged / removed / rebuilt; unchanged if the service fixed it first; invalid if it cannot be merged. */
  outcome?: "merged" | "removed" | "rebuilt" | "unchanged" | "invalid";
  /** Why it could not be merged, for outcome "invalid". */
  message?: string;
}

export interface ReconcileReport {
  dryRun: boolean;
  /** Stars compared. */
  stars: number;
  fixes: Fix[];
  /** Names under LC/ that are not segments (never merged). */
  ignored: { object: string; message: string }[];
}

export interface ReconcileOptions {
  dryRun?: boolean;
  /** Called after each star, with the count so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

export async function reconcileBucket(store: ObjectStore, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const dryRun = options.dryRun ?? false;
  const { lightCurves, ignored } = await listLightCurves(store);
  const stars = new Set(lightCurves.keys());
  for await (const { name } of store.listAll("MLC/")) {
    const parsed = tryParse(name);
    if (parsed?.kind === "mlc") stars.add(parsed.pic);
  }
  const fixes: Fix[] = [];
  let done = 0;
  for (const pic of [...stars].sort()) {
    fixes.push(...(await reconcileStar(store, pic, lightCurves.get(pic) ?? new Map(), dryRun)));
    options.onProgress?.(++done, stars.size);
  }
  return { dryRun, stars: stars.size, fixes, ignored };
}

async function reconcileStar(store: ObjectStore, pic: string, listed: ReadonlyMap<string, Generation>, dryRun: boolean): Promise<Fix[]> {
  let held: Map<string, Generation>;
  try {
    const { mlc } = await readMasterLightCurve(store, masterLightCurveName(pic), pic);
    held = new Map(mlc.segments.map((s) => [s.object, s.generation]));
  } catch (error) {
    if (!(error instanceof InvalidDocumentError)) throw error;
    const fix: Fix = { pic, object: masterLightCurveName(pic), kind: "unreadable", message: error.message };
    if (!dryRun) await rebuildMasterLightCurve(store, pic).then(() => (fix.outcome = "rebuilt"));
    return [fix];
  }

  const fixes: Fix[] = [];
  const changes: SegmentChange[][] = [];
  for (const [object, lcGeneration] of listed) {
    const mlcGeneration = held.get(object);
    if (mlcGeneration === lcGeneration) continue;
    fixes.push({ pic, object, kind: mlcGeneration === undefined ? "missing" : "stale", lcGeneration, mlcGeneration });
    // An entry newer than the object (a file restored with an old mtime) is dropped, then the
    // object merged as it is now; otherwise the finalize of the listed generation replaces it.
    const newer = mlcGeneration !== undefined && compareGenerations(mlcGeneration, lcGeneration) > 0;
    changes.push(
      newer
        ? [{ object, generation: mlcGeneration, eventType: "OBJECT_DELETE" }, { object, eventType: "OBJECT_FINALIZE" }]
        : [{ object, generation: lcGeneration, eventType: "OBJECT_FINALIZE" }],
    );
  }
  for (const [object, mlcGeneration] of held) {
    if (listed.has(object)) continue;
    fixes.push({ pic, object, kind: "gone", mlcGeneration });
    changes.push([{ object, generation: mlcGeneration, eventType: "OBJECT_DELETE" }]);
  }
  if (dryRun || fixes.length === 0) return fixes;

  const { outcomes } = await applyChanges(store, pic, changes.flat());
  let at = 0;
  fixes.forEach((fix, i) => {
    at += changes[i]!.length;
    const settled = outcomes[at - 1]!; // each object's last change settles it
    fix.outcome = settled.outcome;
    if (settled.outcome === "invalid") fix.message = settled.error.message;
  });
  return fixes;
}

/** Every LC object by star, with its generation; names that are not segments are set aside. */
async function listLightCurves(store: ObjectStore): Promise<{ lightCurves: Map<string, Map<string, Generation>>; ignored: ReconcileReport["ignored"] }> {
  const lightCurves = new Map<string, Map<string, Generation>>();
  const ignored: ReconcileReport["ignored"] = [];
  for await (const { name, generation } of store.listAll("LC/")) {
    try {
      const { pic } = parseLightCurveName(name);
      if (!lightCurves.has(pic)) lightCurves.set(pic, new Map());
      lightCurves.get(pic)!.set(name, generation);
    } catch (error) {
      if (!(error instanceof InvalidObjectNameError)) throw error;
      ignored.push({ object: name, message: error.message });
    }
  }
  return { lightCurves, ignored };
}

function tryParse(name: string): ReturnType<typeof parseObjectName> | undefined {
  try {
    return parseObjectName(name);
  } catch (error) {
    if (error instanceof InvalidObjectNameError) return undefined;
    throw error;
  }
}
