/**
 * The CPU-bound part of a star's refresh (refreshStar.ts): from an MLC to what gets stored, its
 * analysis document and both plots rendered as SVG and PNG. Plain data in, plain data out, so the
 * same function runs on the analyzer's event loop or in an analysis thread (analysisPool.ts); its
 * outputs cross the thread boundary as they are.
 */
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { PLOT_KINDS, type PlotKind } from "../core/objectNames.js";
import type { Generation } from "../core/store/objectStore.js";
import { buildAnalysisDocument, type AnalysisDocument } from "../analysis/analysisDocument.js";
import { analyzeLightCurve, type LightCurveAnalysis } from "../analysis/analyzeMasterLightCurve.js";
import { renderPlot } from "../analysis/plots.js";
import { SupersededRunError } from "./supersededRun.js";

export interface RenderedPlot {
  kind: PlotKind;
  svg: string;
  png: Uint8Array;
}

export interface StarResults {
  /** Its `analysedAt` is when the computation ended; the analyzer stamps it again when storing. */
  document: AnalysisDocument;
  /** In PLOT_KINDS order. */
  plots: RenderedPlot[];
}

/**
 * Computes a star's results from one generation of its MLC; `signal` (aborted once a newer
 * generation is known) stops it at the next checkpoint with SupersededRunError.
 */
export type ComputeStarResults = (mlc: MasterLightCurve, generation: Generation, signal?: AbortSignal) => Promise<StarResults>;

export interface ComputeOptions {
  /** The pipeline of analyzeMasterLightCurve.ts by default. */
  analyze?: (mlc: MasterLightCurve) => LightCurveAnalysis;
  /** Asked before the analysis and before each plot: true stops the run (SupersededRunError). */
  superseded?: () => boolean;
}

/** Analyses `mlc` and renders both plots, checking `superseded` between the steps. */
export async function computeStarResults(mlc: MasterLightCurve, generation: Generation, options: ComputeOptions = {}): Promise<StarResults> {
  const checkpoint = (): void => {
    if (options.superseded?.()) throw new SupersededRunError(mlc.pic, generation);
  };
  checkpoint();
  const analysis = (options.analyze ?? analyzeLightCurve)(mlc);
  const plots: RenderedPlot[] = [];
  for (const kind of PLOT_KINDS) {
    checkpoint();
    const chart = await renderPlot(kind, mlc.pic, analysis);
    plots.push({ kind, svg: chart.svg, png: chart.png });
  }
  return { document: buildAnalysisDocument(mlc, generation, analysis, new Date()), plots };
}
