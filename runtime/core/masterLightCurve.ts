/**
 * The master light curve document, `MLC/{pic}.json` (design §4): one entry per merged segment
 * and the raw points as columnar arrays sorted by time. In the bucket, the points of segments
 * merged earlier may live in immutable chunk objects `MLC/{pic}/{id}.json` listed in `chunks`
 * (masterLightCurveChunk.ts); the document's own `points` are then the recent "tail". A loaded
 * MLC (loadMasterLightCurve.ts) has every point inline and no `chunks`.
 */
import { z } from "zod";
import { parseJsonDocument } from "./jsonDocument.js";
import { isValidPic } from "./objectNames.js";

export const MLC_SCHEMA_VERSION = 1;

const generation = z.string().regex(/^\d+$/, "must be a decimal generation");
const channels = z.object({ R: z.number(), G: z.number(), B: z.number() });

export const mlcSegmentSchema = z.object({
  /** The LC object name. */
  object: z.string(),
  /** The LC object's generation that was merged. */
  generation,
  unit: z.string(),
  camera: z.string(),
  start: z.string(),
  /** Number of points this segment contributed. */
  points: z.number().int().nonnegative(),
  /** Per-channel median flux of the segment, used for normalisation. */
  median: channels,
});

export const mlcPointsSchema = z.object({
  time: z.array(z.number()),
  exptime: z.array(z.number()),
  R: z.array(z.number()),
  G: z.array(z.number()),
  B: z.array(z.number()),
  sig_r: z.array(z.number()),
  sig_g: z.array(z.number()),
  sig_b: z.array(z.number()),
  /** Index into `segments` of the segment each point came from. */
  segment: z.array(z.number().int().nonnegative()),
});

/**
 * An LC object that holds nothing to merge up to `generation`: deleted, or invalid at that
 * generation. Kept so that a batch which read the object before that (its compare-and-swap still
 * matching a document that never held the object) cannot merge the old generation back, and so
 * that a replica can answer a repeated delete from the document alone.
 */
export const mlcTombstoneSchema = z.object({ object: z.string(), generation });

/** One (object, generation) whose points a chunk holds. */
export const mlcChunkSegmentSchema = z.object({ object: z.string(), generation });

/** A chunk as the document lists it: enough to skip chunks without live points unread. */
export const mlcChunkRefSchema = z.object({
  /** Content-derived id: the chunk is `MLC/{pic}/{id}.json`. */
  id: z.string().regex(/^[0-9a-f]{16,64}$/, "must be 16 to 64 lowercase hex digits"),
  /** Points in the chunk, live or not. */
  points: z.number().int().nonnegative(),
  /** Time range of the chunk's points, Unix seconds. */
  firstTime: z.number(),
  lastTime: z.number(),
  segments: z.array(mlcChunkSegmentSchema),
});

export const masterLightCurveSchema = z
  .object({
    schema: z.literal(MLC_SCHEMA_VERSION),
    pic: z.string().refine(isValidPic, "must be a PIC id"),
    updated: z.string(),
    segments: z.array(mlcSegmentSchema),
    points: mlcPointsSchema,
    /** Chunks holding points of earlier segments, oldest first; absent when there are none. */
    chunks: z.array(mlcChunkRefSchema).optional(),
    /** Objects known dead (deleted or invalid) up to a generation, by object name; absent when none. */
    tombstones: z.array(mlcTombstoneSchema).optional(),
  })
  .superRefine((doc, ctx) => {
    const n = doc.points.time.length;
    for (const [column, values] of Object.entries(doc.points)) {
      if (values.length !== n) ctx.addIssue({ code: "custom", path: ["points", column], message: `has ${values.length} values, time has ${n}` });
    }
  });

export type MlcSegment = z.infer<typeof mlcSegmentSchema>;
export type MlcPoints = z.infer<typeof mlcPointsSchema>;
export type MasterLightCurve = z.infer<typeof masterLightCurveSchema>;
export type MlcChunkSegment = z.infer<typeof mlcChunkSegmentSchema>;
export type MlcChunkRef = z.infer<typeof mlcChunkRefSchema>;
export type MlcTombstone = z.infer<typeof mlcTombstoneSchema>;
export const POINT_COLUMNS = ["time", "exptime", "R", "G", "B", "sig_r", "sig_g", "sig_b", "segment"] as const;

export function emptyMasterLightCurve(pic: string, updated = new Date().toISOString()): MasterLightCurve {
  return {
    schema: MLC_SCHEMA_VERSION,
    pic,
    updated,
    segments: [],
    points: { time: [], exptime: [], R: [], G: [], B: [], sig_r: [], sig_g: [], sig_b: [], segment: [] },
  };
}

/** Parses and validates a whole MLC document with the zod schema (the hot path uses masterLightCurveCodec). */
export function parseMasterLightCurve(objectName: string, bytes: Uint8Array | string): MasterLightCurve {
  return parseJsonDocument(objectName, bytes, masterLightCurveSchema);
}
