/**
 * What the dashboard computes per star, cached by MLC generation: the analysis document (kept in
 * the bucket by analysisStore.ts, shared with `piaa analyze`, and the latest one in memory) and
 * the rendered plots (kept in memory, a bounded number of stars). Concurrent requests for the same star and generation share
 * one computation.
 */
import { analyzeStar, listStars, readStarLightCurve } from "../analysis/analysisStore.js";
import type { AnalysisDocument } from "../analysis/analysisDocument.js";
import { analyzeLightCurve } from "../analysis/analyzeMasterLightCurve.js";
import { renderPlot, type PlotKind } from "../analysis/plots.js";
import type { RenderedChart } from "../analysis/renderChart.js";
import { masterLightCurveName } from "../core/objectNames.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";

/** Stars whose plots are kept in memory. */
export const DEFAULT_MAX_CACHED_STARS = 32;

export interface StarSummary {
  pic: string;
  analysis: AnalysisDocument;
}

export interface StarCache {
  /** Every star with an MLC, with its current analysis. */
  stars(): Promise<StarSummary[]>;
  analysis(pic: string): Promise<AnalysisDocument>;
  plot(pic: string, kind: PlotKind): Promise<RenderedChart>;
}

interface PlotEntry {
  generation: Generation;
  charts: Map<PlotKind, Promise<RenderedChart>>;
  analysis: Promise<ReturnType<typeof analyzeLightCurve>>;
}

export interface StarCacheOptions {
  maxStars?: number;
  /** Told when an analysis could not be stored (the pages still show it). */
  onWriteError?: (pic: string, error: unknown) => void;
}

export function createStarCache(store: ObjectStore, { maxStars = DEFAULT_MAX_CACHED_STARS, onWriteError }: StarCacheOptions = {}): StarCache {
  const plots = new Map<string, PlotEntry>();
  const pendingAnalyses = new Map<string, Promise<AnalysisDocument>>();

  // The latest analysis of each star, so that a bucket the dashboard may not write to (where
  // analyses cannot be stored) does not mean recomputing every star on every page.
  const latest = new Map<string, AnalysisDocument>();

  const analysis = async (pic: string, knownGeneration?: Generation): Promise<AnalysisDocument> => {
    const mlcGeneration = knownGeneration ?? (await store.stat(masterLightCurveName(pic))).generation;
    const remembered = latest.get(pic);
    if (remembered?.mlcGeneration === mlcGeneration) return remembered;
    const key = `${pic}@${mlcGeneration}`;
    let pending = pendingAnalyses.get(key);
    if (!pending) {
      const writeErrors = onWriteError && ((error: unknown) => onWriteError(pic, error));
      pending = analyzeStar(store, pic, { mlcGeneration, onWriteError: writeErrors }).then((r) => {
        latest.set(pic, r.document);
        return r.document;
      });
      pendingAnalyses.set(key, pending);
      void pending.catch(() => undefined).finally(() => pendingAnalyses.delete(key));
    }
    return pending;
  };

  /** The plot entry of the star's current MLC generation, evicting the oldest star when full. */
  const plotEntry = async (pic: string): Promise<PlotEntry> => {
    const { generation } = await store.stat(masterLightCurveName(pic));
    const cached = plots.get(pic);
    if (cached?.generation === generation) {
      plots.delete(pic); // re-insert: Map order is least recently used first
      plots.set(pic, cached);
      return cached;
    }
    const entry: PlotEntry = {
      generation,
      charts: new Map(),
      analysis: readStarLightCurve(store, pic).then(({ mlc }) => analyzeLightCurve(mlc)),
    };
    entry.analysis.catch(() => plots.get(pic) === entry && plots.delete(pic));
    plots.set(pic, entry);
    while (plots.size > maxStars) plots.delete(plots.keys().next().value!);
    return entry;
  };

  return {
    async stars() {
      const summaries: StarSummary[] = [];
      for (const { pic, generation } of await listStars(store)) summaries.push({ pic, analysis: await analysis(pic, generation) });
      return summaries;
    },
    analysis: (pic) => analysis(pic),
    async plot(pic, kind) {
      const entry = await plotEntry(pic);
      let chart = entry.charts.get(kind);
      if (!chart) {
        chart = entry.analysis.then((result) => renderPlot(kind, pic, result));
        entry.charts.set(kind, chart);
        chart.catch(() => entry.charts.delete(kind)); // a failed render is retried next time
      }
      return chart;
    },
  };
}
