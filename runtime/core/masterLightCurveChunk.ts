/**
 * Chunks of a master light curve (design §4): immutable objects `MLC/{pic}/{id}.json` holding
 * the columnar points of whole segments that were merged earlier, so that a merge rewrites only
 * the MLC document (segments, recent "tail" points, chunk list) and never re-parses the history.
 *
 * A chunk is never changed: a newer generation or a delete of one of its segments only changes
 * the document's `segments`, and readers drop the chunk points whose (object, generation) is no
 * longer current. Its id is a hash of its content, so a batch retried after a lost
 * compare-and-swap writes the very same object again. Chunks left without live points are
 * dropped from the document's list, and unlisted chunks are deleted by `piaa reconcile`.
 */
import { createHash } from "node:crypto";
import { InvalidDocumentError } from "./errors.js";
import {
  MLC_SCHEMA_VERSION,
  mlcChunkSegmentSchema,
  POINT_COLUMNS,
  type MasterLightCurve,
  type MlcChunkRef,
  type MlcChunkSegment,
  type MlcPoints,
} from "./masterLightCurve.js";
import { segmentKey } from "./masterLightCurveCodec.js";
import { masterLightCurveChunkName } from "./objectNames.js";

/**
 * Tail points above which a merge moves the tail into a new chunk: every batch re-parses and
 * rewrites the tail (~150 bytes of JSON a point), every reader reads one chunk per bound's worth
 * of history (50 for a 100,000-point star). 2,000 and 10,000 measured alike on the hot-star
 * bench (bench/README.md, "MLC chunks"); the smaller keeps the document and the RSS small.
 */
export const DEFAULT_TAIL_POINT_LIMIT = 2_000;

/** The content of a chunk object; `points.segment` indexes the chunk's own `segments`. */
export interface MlcChunk {
  schema: typeof MLC_SCHEMA_VERSION;
  pic: string;
  segments: MlcChunkSegment[];
  points: MlcPoints;
}

/** A chunk ready to be written: its object name, bytes and the document's entry for it. */
export interface EncodedChunk {
  name: string;
  bytes: Buffer;
  ref: MlcChunkRef;
}

/** Tail point count of each segment of the document (0 for segments whose points are chunked). */
export function tailCounts(mlc: MasterLightCurve): Int32Array {
  const counts = new Int32Array(mlc.segments.length);
  for (const s of mlc.points.segment) counts[s]!++;
  return counts;
}

/**
 * The document's segments whose points each chunk provides: a listed (object, generation) that
 * is still current, has no points in the tail, and is not listed by a later chunk (a segment
 * deleted and merged again at the same generation can sit in two chunks: the latest wins).
 * Returns, per chunk, chunk segment index -> document segment index (absent: dead points).
 */
export function liveChunkSegments(mlc: MasterLightCurve): Map<number, number>[] {
  const chunks = mlc.chunks ?? [];
  const counts = tailCounts(mlc);
  const index = new Map(mlc.segments.map((s, i) => [segmentKey(s), i]));
  const owner = new Map<number, number>();
  chunks.forEach((chunk, c) =>
    chunk.segments.forEach((s) => {
      const i = index.get(segmentKey(s));
      if (i !== undefined && counts[i] === 0) owner.set(i, c);
    }),
  );
  return chunks.map((chunk, c) => {
    const live = new Map<number, number>();
    chunk.segments.forEach((s, local) => {
      const i = index.get(segmentKey(s));
      if (i !== undefined && owner.get(i) === c) live.set(local, i);
    });
    return live;
  });
}

/** The document without the chunks that no longer hold any live point. */
export function withoutDeadChunks(mlc: MasterLightCurve): MasterLightCurve {
  if (!mlc.chunks) return mlc;
  const live = liveChunkSegments(mlc);
  const chunks = mlc.chunks.filter((_, c) => live[c]!.size > 0);
  const { chunks: _all, ...rest } = mlc;
  return chunks.length > 0 ? { ...rest, chunks } : rest;
}

/**
 * Builds the chunk holding the tail points of the given document segments (each segment's
 * points all go, in time order). The document itself is not changed.
 */
export function chunkOfSegments(mlc: MasterLightCurve, segmentIndices: readonly number[]): EncodedChunk {
  const local = new Map(segmentIndices.map((i, l) => [i, l]));
  const selected: number[] = [];
  mlc.points.segment.forEach((s, p) => local.has(s) && selected.push(p));
  const columns = Object.fromEntries(POINT_COLUMNS.map((column) => [column, selected.map((p) => mlc.points[column][p]!)])) as MlcPoints;
  columns.segment = selected.map((p) => local.get(mlc.points.segment[p]!)!);
  const segments = segmentIndices.map((i) => ({ object: mlc.segments[i]!.object, generation: mlc.segments[i]!.generation }));
  const chunk: MlcChunk = { schema: MLC_SCHEMA_VERSION, pic: mlc.pic, segments, points: columns };
  const bytes = Buffer.from(JSON.stringify(chunk), "utf8");
  const id = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
  const times = columns.time;
  const ref: MlcChunkRef = { id, points: times.length, firstTime: times[0] ?? 0, lastTime: times.at(-1) ?? 0, segments };
  return { name: masterLightCurveChunkName(mlc.pic, id), bytes, ref };
}

/**
 * Moves the given groups of document segments (indices) from the tail into one new chunk each:
 * the document that lists them, and the chunks to write before that document.
 */
export function moveToChunks(mlc: MasterLightCurve, groups: readonly (readonly number[])[]): { mlc: MasterLightCurve; chunks: EncodedChunk[] } {
  const chunks = groups.filter((group) => group.length > 0).map((group) => chunkOfSegments(mlc, group));
  const moved = new Set(groups.flat());
  const kept: number[] = [];
  mlc.points.segment.forEach((s, p) => moved.has(s) || kept.push(p));
  const points = Object.fromEntries(POINT_COLUMNS.map((column) => [column, kept.map((p) => mlc.points[column][p]!)])) as MlcPoints;
  const refs = [...(mlc.chunks ?? []), ...chunks.map((chunk) => chunk.ref)];
  return { mlc: { ...mlc, points, ...(refs.length > 0 && { chunks: refs }) }, chunks };
}

/** Moves the whole tail into one chunk. */
export function rollOverTail(mlc: MasterLightCurve): { mlc: MasterLightCurve; chunk: EncodedChunk } {
  const counts = tailCounts(mlc);
  const { mlc: rolled, chunks } = moveToChunks(mlc, [mlc.segments.flatMap((_, i) => (counts[i]! > 0 ? [i] : []))]);
  return { mlc: rolled, chunk: chunks[0]! };
}

/**
 * Splits a document's tail into chunks of whole segments, in segment order, each closed once it
 * holds `limit` points or more; the remainder stays in the tail.
 */
export function chunkMasterLightCurve(mlc: MasterLightCurve, limit: number): { mlc: MasterLightCurve; chunks: EncodedChunk[] } {
  const counts = tailCounts(mlc);
  const groups: number[][] = [];
  let group: number[] = [];
  let points = 0;
  mlc.segments.forEach((_, i) => {
    if (counts[i] === 0) return;
    group.push(i);
    points += counts[i]!;
    if (points >= limit) {
      groups.push(group);
      group = [];
      points = 0;
    }
  });
  return moveToChunks(mlc, groups);
}

/** Parses a chunk object and checks what readers rely on; throws InvalidDocumentError. */
export function decodeChunk(name: string, bytes: Uint8Array, pic: string): MlcChunk {
  const fail = (reason: string): never => {
    throw new InvalidDocumentError(name, reason);
  };
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8")) as Record<string, unknown>;
  } catch (error) {
    fail(`not valid JSON (${(error as Error).message})`);
  }
  if (typeof json !== "object" || json === null) fail("must be a JSON object");
  if (json.schema !== MLC_SCHEMA_VERSION || json.pic !== pic) fail(`must be a schema ${MLC_SCHEMA_VERSION} chunk of ${pic}`);
  const segments = mlcChunkSegmentSchema.array().safeParse(json.segments);
  if (!segments.success) fail(`segments: ${segments.error!.issues[0]!.message}`);
  const points = json.points as Record<string, unknown> | null;
  if (typeof points !== "object" || points === null) fail("points: must be an object of columns");
  const n = Array.isArray(points!.time) ? points!.time.length : -1;
  for (const column of POINT_COLUMNS) {
    const values = points![column];
    if (!Array.isArray(values) || values.length !== n || !values.every((v) => typeof v === "number")) {
      fail(`points.${column}: must be an array of ${n} numbers`);
    }
  }
  const columns = points as unknown as MlcPoints;
  columns.segment.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0 || s >= segments.data!.length) fail(`points.segment.${i}: ${s} is not a segment index`);
    if (i > 0 && columns.time[i - 1]! > columns.time[i]!) fail(`points.time.${i}: not sorted`);
  });
  return { schema: MLC_SCHEMA_VERSION, pic, segments: segments.data!, points: columns };
}
