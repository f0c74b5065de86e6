/**
 * Light-curve segments as PANOPTES units upload them (design §4): a JSON array of points
 * `{time, exptime, R, G, B, sig_r, sig_g, sig_b}`. Validation names the first bad point and field.
 */
import { z } from "zod";
import { InvalidSegmentError } from "./errors.js";
import { parseLightCurveName, type LightCurveName } from "./objectNames.js";
import { isoToUnixMicros } from "./time.js";

/** A segment covers one night: no point may lie more than this after the segment start. */
export const MAX_SEGMENT_SPAN_S = 16 * 3600;
/** Clock jitter allowed between the segment start (first exposure) and its first point. */
export const START_TOLERANCE_S = 60;
/**
 * Times a point may have: from 1999 to the end of 2099 (UTC). From 1999: the leap-second table
 * of the BJD_TDB times in exports and analysis starts then (core/barycentricTime.ts). To 2099: an
 * MLC keeps times as Unix seconds in a double, and an export turns them back into microseconds
 * (Math.round(t * 1e6)), which gives the uploaded microsecond only while |t| < 2^32 s (until
 * 2106): beyond, the rounding errors of the double and of the product can add up to half a
 * microsecond (2108-08-24T11:15:27.164145 came back as ….164146).
 */
export const EARLIEST_TIME_S = Date.UTC(1999, 0, 1) / 1000;
export const LATEST_TIME_S = Date.UTC(2100, 0, 1) / 1000;

/**
 * How large a segment may be. A night of one camera is about 400 exposures of ~150 bytes of JSON
 * each (the 2016 sample: 60 kB); the defaults leave fifty times that, and keep a parse well under
 * a second and a batch's memory bounded whatever is uploaded.
 */
export interface SegmentLimits {
  /** Bytes of an LC object, checked before it is parsed. */
  maxBytes: number;
  /** Points of a segment, checked before any point is validated. */
  maxPoints: number;
}

export const DEFAULT_SEGMENT_LIMITS: SegmentLimits = { maxBytes: 4 * 1024 * 1024, maxPoints: 20_000 };

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const positive = finite.refine((v) => v > 0, "must be > 0");

export const lightCurvePointSchema = z.strictObject({
  time: z.string().refine((t) => isoToUnixMicros(t) !== undefined, "must be a UTC time like 2016-07-02T09:20:12.603275"),
  exptime: positive,
  R: finite,
  G: finite,
  B: finite,
  sig_r: positive,
  sig_g: positive,
  sig_b: positive,
});

export type LightCurvePoint = z.infer<typeof lightCurvePointSchema>;

export const lightCurveSegmentSchema = z.array(lightCurvePointSchema).min(1, "a segment needs at least one point");

/** A validated segment with its parsed name and point times in Unix seconds. */
export interface LightCurveSegment {
  objectName: string;
  name: LightCurveName;
  points: LightCurvePoint[];
  timeUnixS: Float64Array;
}

/** Parses and validates a segment's bytes; throws InvalidSegmentError naming the first fault. */
export function parseLightCurveSegment(objectName: string, bytes: Uint8Array | string, limits: SegmentLimits = DEFAULT_SEGMENT_LIMITS): LightCurveSegment {
  const name = parseLightCurveName(objectName);
  const size = typeof bytes === "string" ? Buffer.byteLength(bytes) : bytes.byteLength;
  if (size > limits.maxBytes) throw new InvalidSegmentError(objectName, { reason: `is ${size} bytes, more than the ${limits.maxBytes} a segment may have` });
  let json: unknown;
  try {
    // A view, not a copy, of the bytes.
    json = JSON.parse(typeof bytes === "string" ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
  } catch (error) {
    throw new InvalidSegmentError(objectName, { reason: `not valid JSON (${(error as Error).message})` });
  }
  if (Array.isArray(json) && json.length > limits.maxPoints) {
    throw new InvalidSegmentError(objectName, { reason: `has ${json.length} points, more than the ${limits.maxPoints} a segment may have` });
  }
  const plain = plainValidPoints(json);
  const points = plain?.points ?? schemaValidPoints(objectName, json);
  const timeUnixMicros = plain?.timeUnixMicros ?? Float64Array.from(points, (p) => isoToUnixMicros(p.time)!);
  const startS = isoToUnixMicros(name.start)! / 1e6;
  const timeUnixS = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const t = timeUnixMicros[i]! / 1e6;
    if (!(t >= EARLIEST_TIME_S && t < LATEST_TIME_S)) {
      throw new InvalidSegmentError(objectName, { pointIndex: i, field: "time", reason: `${points[i]!.time} is outside 1999 to 2099, the years an MLC keeps and exports to the microsecond` });
    }
    if (t < startS - START_TOLERANCE_S || t > startS + MAX_SEGMENT_SPAN_S) {
      throw new InvalidSegmentError(objectName, {
        pointIndex: i,
        field: "time",
        reason: `${points[i]!.time} is outside the segment's night (start ${name.start}, at most ${MAX_SEGMENT_SPAN_S / 3600} h later)`,
      });
    }
    timeUnixS[i] = t;
  }
  return { objectName, name, points, timeUnixS };
}

/**
 * The common case, checked with a plain loop: every point is exactly a valid point (the eight
 * fields, nothing else, each of the schema's type and range). zod took about two thirds of the
 * parse of a 100-point segment in a CPU profile of the combiner, so only a segment failing this
 * goes through the schema, which then names the first fault. Accepts nothing the schema rejects.
 */
function plainValidPoints(json: unknown): { points: LightCurvePoint[]; timeUnixMicros: Float64Array } | undefined {
  if (!Array.isArray(json) || json.length === 0) return undefined;
  const points: LightCurvePoint[] = new Array<LightCurvePoint>(json.length);
  const timeUnixMicros = new Float64Array(json.length);
  for (let i = 0; i < json.length; i++) {
    const value: unknown = json[i];
    if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length !== POINT_FIELD_COUNT) return undefined;
    const { time, exptime, R, G, B, sig_r, sig_g, sig_b } = value as Record<string, unknown>;
    const micros = typeof time === "string" ? isoToUnixMicros(time) : undefined;
    if (micros === undefined) return undefined;
    timeUnixMicros[i] = micros;
    if (!isPositive(exptime) || !isFinite(R) || !isFinite(G) || !isFinite(B) || !isPositive(sig_r) || !isPositive(sig_g) || !isPositive(sig_b)) {
      return undefined;
    }
    // Built in the schema's field order, as the schema's output would be.
    points[i] = { time: time as string, exptime, R, G, B, sig_r, sig_g, sig_b };
  }
  return { points, timeUnixMicros };
}

const POINT_FIELD_COUNT = Object.keys(lightCurvePointSchema.shape).length;
const isFinite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isPositive = (v: unknown): v is number => isFinite(v) && v > 0;

function schemaValidPoints(objectName: string, json: unknown): LightCurvePoint[] {
  const result = lightCurveSegmentSchema.safeParse(json);
  if (!result.success) throw new InvalidSegmentError(objectName, firstFault(result.error.issues));
  return result.data;
}

/** The issue for the lowest point index (whole-array issues first), as a SegmentFault. */
function firstFault(issues: readonly z.core.$ZodIssue[]): { pointIndex?: number; field?: string; reason: string } {
  const indexOf = (issue: z.core.$ZodIssue): number => (typeof issue.path[0] === "number" ? issue.path[0] : -1);
  const issue = [...issues].sort((a, b) => indexOf(a) - indexOf(b))[0]!;
  const [index, field] = issue.path;
  if (issue.code === "invalid_type" && issue.path.length === 0) {
    return { reason: "must be a JSON array of points" };
  }
  if (issue.code === "unrecognized_keys") {
    return { pointIndex: index as number, reason: `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}` };
  }
  return {
    pointIndex: typeof index === "number" ? index : undefined,
    field: typeof field === "string" ? field : undefined,
    reason: issue.code === "invalid_type" ? `must be a ${issue.expected}` : issue.message,
  };
}
