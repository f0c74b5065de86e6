/**
 * Reading and writing MLC documents on the hot path. zod validation of 100,000-element columns
 * costs several times the JSON.parse itself (bench/merge.bench.ts), so the columns are checked
 * with plain loops — lengths, numbers, segment indices, time order, per-segment counts — and only
 * the small parts (header, segment list, chunk list) go through the zod schema. The invariants
 * checked are exactly those the merge relies on; a document that breaks one is reported, never
 * merged into. A segment's points are either all in the tail (`points`) or, with none there, in
 * a chunk that lists its (object, generation); the chunks themselves are checked when read.
 */
import { InvalidDocumentError } from "./errors.js";
import {
  MLC_SCHEMA_VERSION,
  mlcChunkRefSchema,
  mlcSegmentSchema,
  mlcTombstoneSchema,
  POINT_COLUMNS,
  type MasterLightCurve,
  type MlcChunkRef,
  type MlcPoints,
  type MlcTombstone,
} from "./masterLightCurve.js";
import { isValidPic } from "./objectNames.js";

/** Parses an MLC document and checks its structure; throws InvalidDocumentError naming the fault. */
export function decodeMasterLightCurve(objectName: string, bytes: Uint8Array | string, expectedPic?: string): MasterLightCurve {
  let json: unknown;
  try {
    // A view, not a copy: documents reach 10 MB.
    json = JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (error) {
    throw new InvalidDocumentError(objectName, `not valid JSON (${(error as Error).message})`);
  }
  const fail = (reason: string): never => {
    throw new InvalidDocumentError(objectName, reason);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("must be a JSON object");
  const doc = json as Record<string, unknown>;
  if (doc.schema !== MLC_SCHEMA_VERSION) fail(`schema: must be ${MLC_SCHEMA_VERSION} (got ${JSON.stringify(doc.schema)})`);
  if (typeof doc.pic !== "string" || !isValidPic(doc.pic)) fail(`pic: must be a PIC id (got ${JSON.stringify(doc.pic)})`);
  if (expectedPic !== undefined && doc.pic !== expectedPic) fail(`pic: is ${doc.pic}, expected ${expectedPic}`);
  if (typeof doc.updated !== "string") fail("updated: must be a string");

  const segments = mlcSegmentSchema.array().safeParse(doc.segments);
  if (!segments.success) {
    const issue = segments.error.issues[0]!;
    fail(`segments.${issue.path.join(".")}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const s of segments.data!) {
    if (seen.has(s.object)) fail(`segments: ${s.object} is listed twice`);
    seen.add(s.object);
  }
  const tombstones = checkTombstones(doc.tombstones, seen, fail);
  const chunks = checkChunks(doc.chunks, fail);
  const chunked = new Set(chunks?.flatMap((chunk) => chunk.segments.map(segmentKey)));
  const points = checkColumns(doc.points, segments.data!.length, fail);
  segments.data!.forEach((s, i) => {
    const inChunk = points.counts[i] === 0 && chunked.has(segmentKey(s));
    if (points.counts[i] !== s.points && !inChunk) fail(`segments.${i}.points: says ${s.points}, the columns hold ${points.counts[i]} and no chunk lists ${s.object} at ${s.generation}`);
  });
  const mlc: MasterLightCurve = { schema: MLC_SCHEMA_VERSION, pic: doc.pic as string, updated: doc.updated as string, segments: segments.data!, points: points.columns };
  if (chunks) mlc.chunks = chunks;
  if (tombstones) mlc.tombstones = tombstones;
  return mlc;
}

/** The key of a merged (object, generation) pair. */
export const segmentKey = (s: { object: string; generation: string }): string => `${s.generation} ${s.object}`;

/** Tombstones: each object at most once, and never one the document also holds. */
function checkTombstones(value: unknown, held: ReadonlySet<string>, fail: (reason: string) => never): MlcTombstone[] | undefined {
  if (value === undefined) return undefined;
  const tombstones = mlcTombstoneSchema.array().safeParse(value);
  if (!tombstones.success) {
    const issue = tombstones.error.issues[0]!;
    fail(`tombstones.${issue.path.join(".")}: ${issue.message}`);
  }
  const seen = new Set<string>();
  for (const t of tombstones.data!) {
    if (held.has(t.object) || seen.has(t.object)) fail(`tombstones: ${t.object} is listed twice, or also as a segment`);
    seen.add(t.object);
  }
  return tombstones.data;
}

function checkChunks(value: unknown, fail: (reason: string) => never): MlcChunkRef[] | undefined {
  if (value === undefined) return undefined;
  const chunks = mlcChunkRefSchema.array().safeParse(value);
  if (!chunks.success) {
    const issue = chunks.error.issues[0]!;
    fail(`chunks.${issue.path.join(".")}: ${issue.message}`);
  }
  return chunks.data;
}

function checkColumns(value: unknown, segmentCount: number, fail: (reason: string) => never): { columns: MlcPoints; counts: Int32Array } {
  if (typeof value !== "object" || value === null) fail("points: must be an object of columns");
  const raw = value as Record<string, unknown>;
  const time = raw.time;
  if (!Array.isArray(time)) fail("points.time: must be an array");
  const n = (time as unknown[]).length;
  for (const column of POINT_COLUMNS) {
    const values = raw[column];
    if (!Array.isArray(values)) fail(`points.${column}: must be an array`);
    if ((values as unknown[]).length !== n) fail(`points.${column}: has ${(values as unknown[]).length} values, time has ${n}`);
    for (let i = 0; i < n; i++) {
      if (typeof (values as unknown[])[i] !== "number") fail(`points.${column}.${i}: must be a number`);
    }
  }
  const columns = raw as unknown as MlcPoints;
  const counts = new Int32Array(segmentCount);
  for (let i = 0; i < n; i++) {
    const s = columns.segment[i]!;
    if (!Number.isInteger(s) || s < 0 || s >= segmentCount) fail(`points.segment.${i}: ${s} is not a segment index`);
    counts[s]!++;
    if (i > 0 && columns.time[i - 1]! > columns.time[i]!) fail(`points.time.${i}: not sorted (${columns.time[i]} after ${columns.time[i - 1]})`);
  }
  const extra = Object.keys(raw).filter((key) => !(POINT_COLUMNS as readonly string[]).includes(key));
  if (extra.length > 0) fail(`points: unknown column(s) ${extra.join(", ")}`);
  return { columns, counts };
}

export function encodeMasterLightCurve(mlc: MasterLightCurve): Buffer {
  return Buffer.from(JSON.stringify(mlc), "utf8");
}
