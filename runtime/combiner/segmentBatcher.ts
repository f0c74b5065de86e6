/**
 * One coalesced batch of a star: hands its changes to `applyChanges` (read the LCs and the MLC,
 * merge, compare-and-swap write, retried on conflicts), records metrics and turns each change's
 * outcome into the answer of the request that carried it. A segment that fails validation is
 * answered with its InvalidSegmentError (422); the valid segments of the same batch are merged.
 */
import type { InvalidSegmentError } from "../core/errors.js";
import type { SegmentLimits } from "../core/lightCurveSegment.js";
import type { Logger } from "../core/logging.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { applyChanges, type SegmentChange } from "./applyChanges.js";
import type { MasterLightCurveCache } from "./masterLightCurveCache.js";
import type { CombinerMetrics } from "./metrics.js";
import type { SegmentRequest } from "./segmentRequest.js";

/** What POST /v1/segments answers for one segment, or the error it fails with. */
export type SegmentAnswer =
  | {
      object: string;
      /** The LC generation the change was about (as requested or as read). */
      generation?: string;
      eventType: SegmentRequest["eventType"];
      outcome: "merged" | "unchanged" | "removed";
    }
  | { error: InvalidSegmentError };

export interface SegmentBatcherOptions {
  store: ObjectStore;
  logger: Logger;
  metrics: CombinerMetrics;
  /** See ApplyChangesOptions. */
  tailPointLimit?: number;
  /** See ApplyChangesOptions. */
  cache?: MasterLightCurveCache;
  /** See ApplyChangesOptions. */
  segmentLimits?: SegmentLimits;
}

export function createSegmentBatcher({ store, logger, metrics, tailPointLimit, cache, segmentLimits }: SegmentBatcherOptions) {
  return async function applyBatch(pic: string, requests: SegmentRequest[]): Promise<SegmentAnswer[]> {
    const changes: SegmentChange[] = requests.map(({ object, generation, eventType }) => ({ object, generation, eventType }));
    metrics.batchSize.observe(changes.length);
    const stopTimer = metrics.mergeLatency.startTimer();
    try {
      const result = await applyChanges(store, pic, changes, { tailPointLimit, cache, segmentLimits });
      const seconds = stopTimer({ result: "ok" });
      logger.debug({ pic, segments: changes.length, written: result.written, attempts: result.attempts, durationMs: Math.round(seconds * 1000) }, "batch applied");
      return result.outcomes.map((outcome, i): SegmentAnswer => {
        metrics.merges.inc({ outcome: outcome.outcome });
        const { eventType } = requests[i]!;
        if (outcome.outcome === "invalid") return { error: outcome.error };
        return { object: outcome.object, generation: outcome.generation, eventType, outcome: outcome.outcome };
      });
    } catch (error) {
      stopTimer({ result: "error" });
      logger.warn({ pic, segments: changes.length, error: error instanceof Error ? error.message : String(error) }, "batch failed");
      throw error;
    }
  };
}
