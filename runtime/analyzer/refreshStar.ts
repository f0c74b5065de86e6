/**
 * Brings one star's stored results up to its current MLC: both plots (named by the MLC generation
 * they show), the analysis document and the star's index row, in that order, so that whatever is
 * stored for an MLC generation is complete once its analysis document is; then the plots of older
 * generations go. Events only say "look at this star": what is done depends on the bucket alone
 * (the MLC's current generation and what is stored for it), which is why redelivered, duplicated
 * and out-of-order events change nothing. A refresh whose generation is superseded meanwhile
 * stops (supersededRun.ts): the star's next run does the work for the newer one.
 *
 * A crash anywhere leaves either the old analysis document (the next look redoes the work) or the
 * new one without its index row (the next look copies it into the index, computing nothing).
 */
import { InvalidDocumentError, NotFoundError, PreconditionFailedError, StoreUnavailableError } from "../core/errors.js";
import { masterLightCurveName } from "../core/objectNames.js";
import { compareGenerations, type Generation, type ObjectStore } from "../core/store/objectStore.js";
import type { AnalysisDocument } from "../analysis/analysisDocument.js";
import { deleteOlderPlots, encodeAnalysisDocument, readStarLightCurve, readStoredAnalysis, writeStoredPlots } from "../analysis/analysisStore.js";
import { analysisName } from "../core/objectNames.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import type { LightCurveAnalysis } from "../analysis/analyzeMasterLightCurve.js";
import { analysedRow, errorRow, pendingRow } from "../analysis/starIndexRow.js";
import { AnalysisThreadStartError } from "./analysisPool.js";
import type { StarIndexWriter } from "./starIndexWriter.js";
import type { ComputeStarResults, StarResults } from "./starResults.js";
import { SupersededRunError, supersededSignal, type LaterEvents } from "./supersededRun.js";

export interface RefreshDependencies {
  store: ObjectStore;
  index: StarIndexWriter;
  now?: () => Date;
  /** Analysis and plots: on this event loop (the default) or in analysis threads (analysisPool.ts). */
  compute?: ComputeStarResults;
}

/**
 * Analysis and plots on this event loop, with `analyze` (the pipeline of analyzeMasterLightCurve.ts
 * by default). The analysis and plotting modules load when first used: an analyzer whose threads
 * compute never loads them on its event loop.
 */
export function computeOnEventLoop(analyze?: (mlc: MasterLightCurve) => LightCurveAnalysis): ComputeStarResults {
  return async (mlc, generation, signal) => (await import("./starResults.js")).computeStarResults(mlc, generation, { analyze, superseded: () => signal?.aborted ?? false });
}

const computeHere = computeOnEventLoop();

export type RefreshOutcome =
  | { pic: string; status: "current" | "analysed"; generation: Generation; document: AnalysisDocument }
  | { pic: string; status: "error"; generation: Generation; error: string }
  | { pic: string; status: "removed" };

export interface RefreshOptions {
  /** Recompute even when the stored analysis is for the current MLC generation. */
  force?: boolean;
  /**
   * Subscribes to the events about this star heard while the refresh runs. Each makes it look at
   * the MLC's generation; once a newer one (or none) is stored, the refresh stops at its next
   * checkpoint (before the analysis, each plot, the plot writes, the document) with
   * SupersededRunError, having written nothing for the obsolete generation past that point.
   */
  laterEvents?: LaterEvents;
}

/** Looks at one star and stores what is missing for its current MLC (see the module comment). */
export async function refreshStar(deps: RefreshDependencies, pic: string, options: RefreshOptions = {}): Promise<RefreshOutcome> {
  const { store, index } = deps;
  const now = deps.now ?? (() => new Date());
  let generation: Generation;
  try {
    generation = (await store.stat(masterLightCurveName(pic))).generation;
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await index.apply({ pic, remove: true });
    return { pic, status: "removed" };
  }
  const stored = await readStoredAnalysis(store, pic);
  if (!options.force && stored?.document?.mlcGeneration === generation) {
    await deleteOlderPlots(store, pic, generation); // left by a run that stopped after storing its document
    await index.apply({ pic, row: analysedRow(stored.document) });
    return { pic, status: "current", generation, document: stored.document };
  }
  let mlc: MasterLightCurve;
  let results: StarResults;
  let superseded: AbortSignal | undefined;
  try {
    ({ mlc, generation } = await readStarLightCurve(store, pic));
    superseded = supersededSignal(store, pic, generation, options.laterEvents);
    // Shown as "analysis pending" until the analysis is in (a no-op when the star has a row).
    await index.apply({ pic, row: pendingRow(mlc, generation) });
    results = await (deps.compute ?? computeHere)(mlc, generation, superseded);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof StoreUnavailableError || error instanceof AnalysisThreadStartError || error instanceof SupersededRunError) throw error;
    // An MLC that does not parse, one the analysis cannot handle, or one whose analysis thread
    // died (out of memory, say): its row says why.
    const reason = error instanceof InvalidDocumentError ? error.message : `analysis failed: ${error instanceof Error ? error.message : String(error)}`;
    await index.apply({ pic, row: errorRow(pic, generation, reason, now()) });
    return { pic, status: "error", generation, error: reason };
  }
  const checkpoint = (): void => {
    if (superseded.aborted) throw new SupersededRunError(pic, generation);
  };
  checkpoint();
  await writeStoredPlots(store, pic, generation, results.plots);
  checkpoint();
  // Stamped now, as before: the injected clock, not the thread's, dates what is stored.
  const document = await storeAnalysis(store, stored?.generation ?? "0", { ...results.document, analysedAt: now().toISOString() });
  await deleteOlderPlots(store, pic, document.mlcGeneration);
  await index.apply({ pic, row: analysedRow(document) });
  return { pic, status: "analysed", generation: document.mlcGeneration, document };
}

/**
 * Writes the document unless another writer stored an analysis of the same or a newer MLC
 * meanwhile; returns whichever is stored then.
 */
async function storeAnalysis(store: ObjectStore, storedGeneration: Generation, document: AnalysisDocument): Promise<AnalysisDocument> {
  let expected = storedGeneration;
  for (;;) {
    try {
      await store.put(analysisName(document.pic), encodeAnalysisDocument(document), { ifGenerationMatch: expected, contentType: "application/json" });
      return document;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
      const other = await readStoredAnalysis(store, document.pic);
      if (other?.document && compareGenerations(other.document.mlcGeneration, document.mlcGeneration) >= 0) return other.document;
      expected = other?.generation ?? "0";
    }
  }
}
