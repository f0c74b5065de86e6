/**
 * Where the analyzer hears that a star's MLC document changed. Two implementations: Cloud
 * Storage notifications through a Pub/Sub pull subscription (pubsubEventSource.ts) and, locally,
 * scans of the filesystem bucket (localEventSource.ts). Either may deliver an event more than
 * once, late or out of order: events only name a star (refreshStar.ts looks at the bucket).
 */
import { tryParseObjectName } from "../core/objectNames.js";
import type { StarEvent } from "./starScheduler.js";

export interface StarEventSource {
  /** Starts delivering events to `onEvent`. */
  start(onEvent: (event: StarEvent) => void): Promise<void>;
  /** Stops delivering; events not acknowledged by then are delivered again later (or on restart). */
  stop(): Promise<void>;
}

/** The star whose MLC document `objectName` is; undefined for anything else (chunks, other prefixes). */
export function starOfMasterLightCurve(objectName: string): string | undefined {
  const name = tryParseObjectName(objectName);
  return name?.kind === "mlc" ? name.pic : undefined;
}
