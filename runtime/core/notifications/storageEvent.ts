/**
 * A change to one bucket object, as the proxy sees it whichever channel reported it (Pub/Sub push
 * or the legacy Object Change Notification), and the one rule for what reaches the combiner.
 */
import { parseObjectName } from "../objectNames.js";

/** Cloud Storage notification event types (https://cloud.google.com/storage/docs/pubsub-notifications#events). */
export const OBJECT_FINALIZE = "OBJECT_FINALIZE";
export const OBJECT_DELETE = "OBJECT_DELETE";
export const OBJECT_ARCHIVE = "OBJECT_ARCHIVE";

/** GCS generations are int64s, carried as decimal strings. */
export function isGeneration(value: unknown): value is string {
  return typeof value === "string" && /^\d{1,20}$/.test(value);
}

export type SegmentEventType = typeof OBJECT_FINALIZE | typeof OBJECT_DELETE;

export interface StorageEvent {
  /** Delivery id for log correlation: Pub/Sub messageId, or OCN channel id + message number. */
  messageId: string;
  /** OBJECT_FINALIZE, OBJECT_DELETE, OBJECT_METADATA_UPDATE, OBJECT_ARCHIVE... */
  eventType: string;
  bucket: string;
  object: string;
  /** The object generation the event is about (decimal int64), when the notification carries it. */
  generation?: string;
}

/** What the proxy forwards: the combiner's `POST /v1/segments` body. */
export interface SegmentEvent {
  bucket: string;
  object: string;
  generation?: string;
  eventType: SegmentEventType;
}

export type EventRoute = { forward: true; segment: SegmentEvent } | { forward: false; reason: string };

/**
 * Only LC segment finalizes and deletes concern the combiner; everything else (PSC cubes, the
 * combiner's own MLC writes, metadata updates) is acknowledged and dropped. In a versioned bucket
 * (the data bucket is one) a deleted or overwritten object's live generation becomes noncurrent
 * and GCS sends OBJECT_ARCHIVE for it, never OBJECT_DELETE
 * (https://cloud.google.com/storage/docs/pubsub-notifications#events): for the MLC that
 * generation is gone, so it is forwarded as a delete of exactly that generation.
 */
export function routeStorageEvent(event: StorageEvent): EventRoute {
  const eventType = event.eventType === OBJECT_ARCHIVE ? OBJECT_DELETE : event.eventType;
  if (eventType !== OBJECT_FINALIZE && eventType !== OBJECT_DELETE) {
    return { forward: false, reason: `event type ${event.eventType} does not change a segment` };
  }
  let kind: string;
  try {
    kind = parseObjectName(event.object).kind;
  } catch (error) {
    return { forward: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (kind !== "lc") return { forward: false, reason: `${event.object} is not a light-curve segment` };
  const segment: SegmentEvent = { bucket: event.bucket, object: event.object, eventType };
  if (event.generation !== undefined) segment.generation = event.generation;
  return { forward: true, segment };
}
