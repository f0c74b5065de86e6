/**
 * A change to one bucket object, as the proxy sees it whichever channel reported it (Pub/Sub push
 * or the legacy Object Change Notification), and the one rule for what reaches the combiner.
 */
import { parseObjectName } from "../objectNames.js";
import { OBJECT_ARCHIVE, OBJECT_DELETE, OBJECT_FINALIZE, type SegmentEvent } from "./segmentEvent.js";

export interface StorageEvent {
  /** Delivery id for log correlation: Pub/Sub messageId, or OCN channel id + message number. */
  messageId: string;
  /** OBJECT_FINALIZE, OBJECT_DELETE, OBJECT_METADATA_UPDATE, OBJECT_ARCHIVE... */
  eventType: string;
  /** A bucket name (segmentEvent.ts's rules), checked by the parser of the notification. */
  bucket: string;
  object: string;
  /** The object generation the event is about (segmentEvent.ts's rules), when the notification carries it. */
  generation?: string;
}

export type EventRoute = { forward: true; segment: SegmentEvent } | { forward: false; reason: string };

/**
 * Only LC segment finalizes and deletes concern the combiner; everything else (PSC cubes, the
 * combiner's own MLC writes, metadata updates) is acknowledged and dropped. An archived version is
 * a delete of that generation, which the combiner ignores once it holds a newer one (an overwrite
 * archives the old generation too).
 */
export function routeStorageEvent(event: StorageEvent): EventRoute {
  if (event.eventType === OBJECT_ARCHIVE) {
    if (event.generation === undefined) return { forward: false, reason: "OBJECT_ARCHIVE without a generation names no version" };
    return routeStorageEvent({ ...event, eventType: OBJECT_DELETE });
  }
  if (event.eventType !== OBJECT_FINALIZE && event.eventType !== OBJECT_DELETE) {
    return { forward: false, reason: `event type ${event.eventType} does not change a segment` };
  }
  let kind: string;
  try {
    kind = parseObjectName(event.object).kind;
  } catch (error) {
    return { forward: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (kind !== "lc") return { forward: false, reason: `${event.object} is not a light-curve segment` };
  const segment: SegmentEvent = { bucket: event.bucket, object: event.object, eventType: event.eventType };
  if (event.generation !== undefined) segment.generation = event.generation;
  return { forward: true, segment };
}
