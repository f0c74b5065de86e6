/**
 * What reaches the combiner: the body of its `POST /v1/segments` (design §5), validated by this
 * one module on both sides. The proxy checks the fields of every notification with the same
 * rules before it forwards anything (a malformed envelope is the sender's fault: 400 at the
 * edge), so whatever it forwards the combiner accepts; only a bad segment is refused later (422).
 */
import { z } from "zod";
import { InvalidRequestError } from "../errors.js";

/** Cloud Storage notification event types (https://cloud.google.com/storage/docs/pubsub-notifications#events). */
export const OBJECT_FINALIZE = "OBJECT_FINALIZE";
export const OBJECT_DELETE = "OBJECT_DELETE";
/** On a versioned bucket (PIAA's is), a deleted or replaced live version: OBJECT_DELETE is not sent then. */
export const OBJECT_ARCHIVE = "OBJECT_ARCHIVE";
export const SEGMENT_EVENT_TYPES = [OBJECT_FINALIZE, OBJECT_DELETE] as const;
export type SegmentEventType = (typeof SEGMENT_EVENT_TYPES)[number];

/** The largest int64: GCS generations are int64 values (https://cloud.google.com/storage/docs/json_api/v1/objects). */
const MAX_GENERATION = 2n ** 63n - 1n;
const GENERATION_FORMAT = 'must be a positive decimal generation in a string, like "1469356870772000"';

/** A generation as GCS writes it: a positive int64 in decimal without leading zeros, as a string (a JSON number loses precision past 2^53). */
export const generationSchema = z
  .string({ error: GENERATION_FORMAT })
  .refine((value) => /^[1-9]\d{0,18}$/.test(value) && BigInt(value) <= MAX_GENERATION, GENERATION_FORMAT);

/** Bucket names are at most 222 characters (https://cloud.google.com/storage/docs/buckets#naming). */
export const bucketNameSchema = z.string().min(1, "must be a bucket name").max(222, "is longer than a bucket name can be");

export const segmentEventSchema = z.strictObject({
  bucket: bucketNameSchema,
  object: z.string().min(1, "must be an object name"),
  generation: generationSchema.optional(),
  eventType: z.enum(SEGMENT_EVENT_TYPES).default(OBJECT_FINALIZE),
});

export interface SegmentEvent {
  bucket: string;
  object: string;
  /** The object generation (decimal int64); absent: the object's current generation. */
  generation?: string;
  eventType: SegmentEventType;
}

/** One field of a notification checked with a schema of this module; InvalidRequestError names `field`. */
export function checkedField<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidRequestError(field, value === undefined ? "is required" : result.error.issues[0]!.message);
  return result.data;
}

/** Validates a `POST /v1/segments` body. Throws InvalidRequestError naming the field. */
export function parseSegmentEvent(body: unknown): SegmentEvent {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError("body", "must be a JSON object {bucket, object, generation?, eventType?} sent as application/json");
  }
  const result = segmentEventSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      throw new InvalidRequestError("body", `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`);
    }
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    const missing = issue.path.length === 1 && !(String(issue.path[0]) in body);
    throw new InvalidRequestError(field, missing ? "is required" : issue.message);
  }
  const { generation, ...event } = result.data;
  return generation === undefined ? event : { ...event, generation };
}
