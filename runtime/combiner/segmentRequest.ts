/**
 * The body of `POST /v1/segments` (design §5): `{bucket, object, generation?, eventType?}`,
 * validated before anything is read or written. The object must be a light-curve segment name;
 * its PIC is the coalescing key.
 */
import { z } from "zod";
import { InvalidRequestError } from "../core/errors.js";
import { parseLightCurveName } from "../core/objectNames.js";
import type { ObjectStore } from "../core/store/objectStore.js";

export const EVENT_TYPES = ["OBJECT_FINALIZE", "OBJECT_DELETE"] as const;
export type SegmentEventType = (typeof EVENT_TYPES)[number];

const GENERATION_FORMAT = 'must be a positive decimal generation in a string, like "1469356870772000"';

export const segmentRequestSchema = z.strictObject({
  bucket: z.string().min(1, "must be a bucket name").max(222, "is longer than a bucket name can be"),
  object: z.string().min(1, "must be an object name"),
  // GCS generations are int64 values: as JSON numbers they would lose precision past 2^53.
  generation: z
    .string({ error: GENERATION_FORMAT })
    .regex(/^[1-9]\d{0,18}$/, GENERATION_FORMAT)
    .optional(),
  eventType: z.enum(EVENT_TYPES).default("OBJECT_FINALIZE"),
});

export interface SegmentRequest {
  pic: string;
  object: string;
  generation?: string;
  eventType: SegmentEventType;
}

/**
 * Validates a request body against the store the combiner serves. Throws InvalidRequestError
 * (naming the field) or InvalidObjectNameError; never touches the store.
 */
export function parseSegmentRequest(body: unknown, store: Pick<ObjectStore, "url" | "bucket">): SegmentRequest {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new InvalidRequestError("body", "must be a JSON object {bucket, object, generation?, eventType?} sent as application/json");
  }
  const result = segmentRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === "unrecognized_keys") {
      throw new InvalidRequestError("body", `unknown field(s) ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`);
    }
    const field = issue.path.length > 0 ? issue.path.join(".") : "body";
    const missing = issue.path.length === 1 && !(String(issue.path[0]) in body);
    const reason = missing ? "is required" : issue.message;
    throw new InvalidRequestError(field, reason);
  }
  const { bucket, object, generation, eventType } = result.data;
  // A filesystem bucket has no name a notification could carry: there `bucket` is informational.
  if (store.url.startsWith("gs://") && bucket !== store.bucket) {
    throw new InvalidRequestError("bucket", `${JSON.stringify(bucket)} is not this combiner's bucket (${store.bucket})`);
  }
  const name = parseLightCurveName(object);
  return { pic: name.pic, object, generation, eventType };
}
