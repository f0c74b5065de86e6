/**
 * `piaa reconcile`: repairs what lost notifications left behind (design §1). For every star with
 * objects under LC/ or a document under MLC/, the LC listing (names and generations) is compared
 * with the MLC's segment list: segments missing or stale in the MLC are merged, segments whose LC
 * object is gone are removed, and an unreadable MLC is rebuilt. Fixes go through the same
 * compare-and-swap path as the service (applyChanges), so reconcile can run beside it: the LC
 * listing only says where to look. A segment that looks gone is sent as a delete, which
 * applyChanges checks against the bucket, so an object uploaded after the listing is kept.
 * An MLC is checked by reading it whole, the document and every chunk it needs, as readers do:
 * one that cannot be read (bad document, or a listed chunk missing or bad) is rebuilt.
 * It also collects MLC chunks: a chunk the document does not list (its points all dead, or
 * written by a batch that lost its compare-and-swap) is deleted once older than a grace period;
 * one that a batch listed meanwhile is put back (writeChunk.ts says why that is enough).
 */
import { InvalidDocumentError, InvalidObjectNameError, NotFoundError, PreconditionFailedError } from "../core/errors.js";
import type { SegmentLimits } from "../core/lightCurveSegment.js";
import { assembleFromStore } from "../core/loadMasterLightCurve.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { masterLightCurveChunkName, masterLightCurveName, parseLightCurveName, tryParseObjectName } from "../core/objectNames.js";
import { compareGenerations, type Generation, type ObjectStat, type ObjectStore } from "../core/store/objectStore.js";
import { applyChanges, type SegmentChange } from "./applyChanges.js";
import type { RetryOptions } from "./casRetry.js";
import { rebuildMasterLightCurve } from "./rebuildMasterLightCurve.js";
import { readMasterLightCurve } from "./storeReads.js";
import { DEFAULT_CHUNK_GRACE_MS, writeChunk } from "./writeChunk.js";

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
  /** Unlisted MLC chunks older than the grace period: deleted (or, on a dry run, to delete). */
  unlistedChunks: string[];
}

export interface ReconcileOptions {
  dryRun?: boolean;
  /** Called after each star, with the count so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /** Unlisted chunks younger than this are left alone (DEFAULT_CHUNK_GRACE_MS). */
  chunkGraceMs?: number;
  /** The current time, for the grace period; defaults to now. */
  now?: () => number;
  /** Compare-and-swap retries of the fixes (see RetryOptions). */
  retry?: Partial<RetryOptions>;
  /** Size limits of LC objects (DEFAULT_SEGMENT_LIMITS). */
  segmentLimits?: SegmentLimits;
}

export async function reconcileBucket(store: ObjectStore, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const dryRun = options.dryRun ?? false;
  const { lightCurves, ignored } = await listLightCurves(store);
  const stars = new Set(lightCurves.keys());
  const chunks = new Map<string, ObjectStat[]>();
  for await (const stat of store.listAll("MLC/")) {
    const parsed = tryParseObjectName(stat.name);
    if (parsed?.kind === "mlc") stars.add(parsed.pic);
    if (parsed?.kind === "mlcChunk") {
      stars.add(parsed.pic);
      chunks.set(parsed.pic, [...(chunks.get(parsed.pic) ?? []), stat]);
    }
  }
  const fixes: Fix[] = [];
  const unlistedChunks: string[] = [];
  const oldest = (options.now?.() ?? Date.now()) - (options.chunkGraceMs ?? DEFAULT_CHUNK_GRACE_MS);
  let done = 0;
  for (const pic of [...stars].sort()) {
    const star = await reconcileStar(store, pic, lightCurves.get(pic) ?? new Map(), dryRun, options);
    fixes.push(...star.fixes);
    if (star.document) unlistedChunks.push(...(await collectUnlistedChunks(store, star.document, chunks.get(pic) ?? [], oldest, dryRun)));
    options.onProgress?.(++done, stars.size);
  }
  return { dryRun, stars: stars.size, fixes, ignored, unlistedChunks };
}

async function reconcileStar(
  store: ObjectStore,
  pic: string,
  listed: ReadonlyMap<string, Generation>,
  dryRun: boolean,
  options: ReconcileOptions,
): Promise<{ fixes: Fix[]; document?: MasterLightCurve }> {
  let document: MasterLightCurve;
  try {
    document = (await readMasterLightCurve(store, pic)).mlc;
    // Read as every reader reads it: a chunk that is missing or bad makes it unreadable.
    await assembleFromStore(store, document);
  } catch (error) {
    if (!(error instanceof InvalidDocumentError)) throw error;
    const fix: Fix = { pic, object: masterLightCurveName(pic), kind: "unreadable", message: error.message };
    if (!dryRun) await rebuildMasterLightCurve(store, pic, { retry: options.retry, segmentLimits: options.segmentLimits }).then(() => (fix.outcome = "rebuilt"));
    return { fixes: [fix] };
  }
  const held = new Map(document.segments.map((s) => [s.object, s.generation]));
  return { fixes: await fixSegments(store, pic, listed, held, dryRun, options), document };
}

/**
 * Deletes the chunks `document` does not list, last written before `oldest` (ms), then puts back
 * any that the document, read again, lists now; returns the names of those that stay deleted.
 */
async function collectUnlistedChunks(store: ObjectStore, document: MasterLightCurve, chunks: readonly ObjectStat[], oldest: number, dryRun: boolean): Promise<string[]> {
  const listedNames = (mlc: MasterLightCurve) => new Set((mlc.chunks ?? []).map((ref) => masterLightCurveChunkName(mlc.pic, ref.id)));
  const listed = listedNames(document);
  const unlisted = chunks.filter((c) => !listed.has(c.name) && c.updated.getTime() < oldest);
  if (dryRun) return unlisted.map((c) => c.name);
  const deleted: { name: string; bytes: Buffer }[] = [];
  for (const chunk of unlisted) {
    try {
      const stored = await store.get(chunk.name);
      // Only the version listed: a chunk written again since is in use again.
      await store.delete(chunk.name, { ifGenerationMatch: chunk.generation });
      deleted.push({ name: chunk.name, bytes: stored.data });
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof PreconditionFailedError)) throw error;
    }
  }
  if (deleted.length === 0) return [];
  let now: Set<string> | undefined;
  try {
    now = listedNames((await readMasterLightCurve(store, document.pic)).mlc);
  } catch (error) {
    if (!(error instanceof InvalidDocumentError)) throw error;
  }
  const restore = deleted.filter((chunk) => now === undefined || now.has(chunk.name));
  for (const chunk of restore) await writeChunk(store, chunk);
  return deleted.filter((chunk) => !restore.includes(chunk)).map((chunk) => chunk.name);
}

async function fixSegments(
  store: ObjectStore,
  pic: string,
  listed: ReadonlyMap<string, Generation>,
  held: ReadonlyMap<string, Generation>,
  dryRun: boolean,
  options: ReconcileOptions,
): Promise<Fix[]> {
  const fixes: Fix[] = [];
  const changes: SegmentChange[][] = [];
  for (const [object, lcGeneration] of listed) {
    const mlcGeneration = held.get(object);
    if (mlcGeneration === lcGeneration) continue;
    fixes.push({ pic, object, kind: mlcGeneration === undefined ? "missing" : "stale", lcGeneration, mlcGeneration });
    // An entry newer than the object (a file restored with an old mtime) is replaced by what the
    // object holds now; otherwise the finalize of the listed generation replaces it.
    const newer = mlcGeneration !== undefined && compareGenerations(mlcGeneration, lcGeneration) > 0;
    changes.push(newer ? [{ object, eventType: "OBJECT_FINALIZE", replaceNewer: true }] : [{ object, generation: lcGeneration, eventType: "OBJECT_FINALIZE" }]);
  }
  // Not listed may mean uploaded since the listing: the delete is checked against the bucket.
  for (const [object, mlcGeneration] of held) {
    if (listed.has(object)) continue;
    fixes.push({ pic, object, kind: "gone", mlcGeneration });
    changes.push([{ object, generation: mlcGeneration, eventType: "OBJECT_DELETE" }]);
  }
  if (dryRun || fixes.length === 0) return fixes;

  const { outcomes } = await applyChanges(store, pic, changes.flat(), { retry: options.retry, segmentLimits: options.segmentLimits });
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
