/**
 * The one reader of master light curves for everyone (export, analysis, dashboard, local status,
 * combine, reconcile): the MLC document and the chunks it lists, assembled into the full
 * time-sorted MasterLightCurve with every point inline. Chunk points whose (object, generation)
 * is no longer current are dropped here; chunks without live points are not even read.
 */
import { InvalidDocumentError, NotFoundError } from "./errors.js";
import { forEachLimited } from "./forEachLimited.js";
import { POINT_COLUMNS, type MasterLightCurve, type MlcPoints } from "./masterLightCurve.js";
import { decodeChunk, liveChunkSegments, type MlcChunk } from "./masterLightCurveChunk.js";
import { decodeMasterLightCurve } from "./masterLightCurveCodec.js";
import { masterLightCurveChunkName, masterLightCurveName } from "./objectNames.js";
import type { Generation, ObjectStore } from "./store/objectStore.js";

/** Chunk objects read at the same time. */
export const DEFAULT_CHUNK_READ_CONCURRENCY = 8;

export interface MasterLightCurveDocument {
  mlc: MasterLightCurve;
  generation: Generation;
}

/**
 * The MLC document as stored (tail points and chunk list) and its generation; NotFoundError when
 * absent. A document the caller `held` comes back as it is while the stored generation is still
 * its own: neither read nor decoded again.
 */
export async function readMasterLightCurveDocument(store: ObjectStore, pic: string, held?: MasterLightCurveDocument): Promise<MasterLightCurveDocument> {
  const name = masterLightCurveName(pic);
  const stored = held ? await store.getIfChanged(name, held.generation) : await store.get(name);
  if (!stored) return held!;
  return { mlc: decodeMasterLightCurve(name, stored.data, pic), generation: stored.generation };
}

export interface LoadOptions {
  /** Chunk objects read at the same time; @default DEFAULT_CHUNK_READ_CONCURRENCY */
  concurrency?: number;
  /**
   * For a server that must keep answering other requests meanwhile: awaited after each chunk is
   * decoded and between slices of the assembly, so no single stretch of work covers the whole MLC.
   */
  nextTurn?: () => Promise<void>;
}

/** Output points assembled between two `nextTurn` calls. */
const POINTS_PER_TURN = 5000;

/** The full MLC of a star and its document's generation; NotFoundError when the star has none. */
export async function loadMasterLightCurve(store: ObjectStore, pic: string, options: LoadOptions = {}): Promise<{ mlc: MasterLightCurve; generation: Generation }> {
  const { mlc, generation } = await readMasterLightCurveDocument(store, pic);
  return { mlc: await assembleFromStore(store, mlc, options.concurrency, options.nextTurn), generation };
}

/** Reads the chunks a document needs and assembles it; a missing or bad chunk makes the MLC invalid. */
export async function assembleFromStore(
  store: ObjectStore,
  doc: MasterLightCurve,
  concurrency = DEFAULT_CHUNK_READ_CONCURRENCY,
  nextTurn?: () => Promise<void>,
): Promise<MasterLightCurve> {
  if (!doc.chunks) return doc;
  const live = liveChunkSegments(doc);
  const chunks = new Map<number, MlcChunk>();
  const needed = doc.chunks.flatMap((_, c) => (live[c]!.size > 0 ? [c] : []));
  await forEachLimited(needed, concurrency, async (c) => {
    const name = masterLightCurveChunkName(doc.pic, doc.chunks![c]!.id);
    try {
      chunks.set(c, decodeChunk(name, (await store.get(name)).data, doc.pic));
    } catch (error) {
      if (error instanceof NotFoundError) throw new InvalidDocumentError(masterLightCurveName(doc.pic), `lists chunk ${name}, which is missing`);
      throw error;
    }
    await nextTurn?.();
  });
  if (!nextTurn) return assembleMasterLightCurve(doc, chunks);
  const steps = assemblySteps(doc, chunks, POINTS_PER_TURN);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await nextTurn();
  }
}

/** One sorted run of points to merge: columns, and local segment index -> document index (-1: dead). */
interface Run {
  points: MlcPoints;
  segmentIndex: Int32Array;
}

/**
 * The full MLC from a document and its chunks (by position in `doc.chunks`): the live points of
 * every run, merged by (time, object name) as the merge itself orders them. Each run is sorted
 * and holds whole segments, so the result equals the never-chunked document point for point.
 */
export function assembleMasterLightCurve(doc: MasterLightCurve, chunks: ReadonlyMap<number, MlcChunk>): MasterLightCurve {
  const steps = assemblySteps(doc, chunks, Infinity);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** assembleMasterLightCurve as steps of about `pointsPerStep` output points (or one column) each. */
function* assemblySteps(doc: MasterLightCurve, chunks: ReadonlyMap<number, MlcChunk>, pointsPerStep: number): Generator<void, MasterLightCurve> {
  const live = liveChunkSegments(doc);
  const counts = new Int32Array(doc.segments.length);
  const runs: Run[] = [{ points: doc.points, segmentIndex: Int32Array.from(doc.segments, (_, i) => i) }];
  for (const [c, chunk] of chunks) {
    const segmentIndex = Int32Array.from(chunk.segments, (_, local) => live[c]!.get(local) ?? -1);
    runs.push({ points: chunk.points, segmentIndex });
  }
  const objects = doc.segments.map((s) => s.object);
  const cursors = runs.map((run) => nextLive(run, 0));
  // The merge order is recorded first, (run, point) per output point, then each column gathered
  // in one tight loop: per-point access to nine columns by name is several times slower.
  const fromRun: number[] = [];
  const fromPoint: number[] = [];
  let stepEnd = pointsPerStep;
  for (;;) {
    // The run with the first head, and the run with the next head after it: the first run's points
    // go out in one stretch up to that next head (chunks mostly cover disjoint times).
    let best = -1;
    let next = -1;
    for (let r = 0; r < runs.length; r++) {
      if (cursors[r]! >= runs[r]!.points.time.length) continue;
      if (best < 0 || before(runs[r]!, cursors[r]!, runs[best]!, cursors[best]!, objects)) {
        next = best;
        best = r;
      } else if (next < 0 || before(runs[r]!, cursors[r]!, runs[next]!, cursors[next]!, objects)) {
        next = r;
      }
    }
    if (best < 0) break;
    const run = runs[best]!;
    let p = cursors[best]!;
    do {
      fromRun.push(best);
      fromPoint.push(p);
      counts[run.segmentIndex[run.points.segment[p]!]!]!++;
      p = nextLive(run, p + 1);
    } while (p < run.points.time.length && (next < 0 || before(run, p, runs[next]!, cursors[next]!, objects)));
    cursors[best] = p;
    if (fromRun.length >= stepEnd) {
      stepEnd = fromRun.length + pointsPerStep;
      yield;
    }
  }
  const gather = (column: (typeof POINT_COLUMNS)[number]): number[] => {
    const sources = runs.map((run) => run.points[column]);
    const values = new Array<number>(fromRun.length);
    for (let o = 0; o < values.length; o++) values[o] = sources[fromRun[o]!]![fromPoint[o]!]!;
    return values;
  };
  const gathered: [string, number[]][] = [];
  for (const column of POINT_COLUMNS) {
    gathered.push([column, gather(column)]);
    if (pointsPerStep < Infinity) yield;
  }
  const out = Object.fromEntries(gathered) as unknown as MlcPoints;
  out.segment = out.segment.map((local, o) => runs[fromRun[o]!]!.segmentIndex[local]!);
  doc.segments.forEach((s, i) => {
    if (counts[i] !== s.points) throw new InvalidDocumentError(masterLightCurveName(doc.pic), `${s.object} at ${s.generation}: ${s.points} points listed, ${counts[i]} found in the tail and chunks`);
  });
  const { chunks: _listed, ...rest } = doc;
  return { ...rest, points: out };
}

function nextLive(run: Run, from: number): number {
  let p = from;
  while (p < run.points.time.length && run.segmentIndex[run.points.segment[p]!]! < 0) p++;
  return p;
}

/** Whether point `p` of run `a` comes before point `q` of run `b`: by time, then object name. */
function before(a: Run, p: number, b: Run, q: number, objects: readonly string[]): boolean {
  const ta = a.points.time[p]!;
  const tb = b.points.time[q]!;
  if (ta !== tb) return ta < tb;
  return objects[a.segmentIndex[a.points.segment[p]!]!]! < objects[b.segmentIndex[b.points.segment[q]!]!]!;
}
