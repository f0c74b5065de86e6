/**
 * The body of `POST /v1/segments` (design §5), validated before anything is read or written: its
 * shape by the rules the proxy applies too (core/notifications/segmentEvent.ts), then against
 * the store this combiner serves. The object must be a light-curve segment name; its PIC is the
 * coalescing key.
 */
import { InvalidRequestError } from "../core/errors.js";
import { parseSegmentEvent, type SegmentEventType } from "../core/notifications/segmentEvent.js";
import { parseLightCurveName } from "../core/objectNames.js";
import type { ObjectStore } from "../core/store/objectStore.js";

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
  const { bucket, object, generation, eventType } = parseSegmentEvent(body);
  // A filesystem bucket has no name a notification could carry: there `bucket` is informational.
  if (store.url.startsWith("gs://") && bucket !== store.bucket) {
    throw new InvalidRequestError("bucket", `${JSON.stringify(bucket)} is not this combiner's bucket (${store.bucket})`);
  }
  const name = parseLightCurveName(object);
  return { pic: name.pic, object, generation, eventType };
}
