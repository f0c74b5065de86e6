/**
 * A star's stored results, as the analyzer writes them and the dashboard and `piaa analyze` read
 * them: the analysis document `ANALYSIS/{pic}.json` and the plots of the MLC generation it was
 * made from, `ANALYSIS/{pic}/{mlcGeneration}/{plot}.{png,svg}`.
 */
import { InvalidDocumentError, NotFoundError } from "../core/errors.js";
import { loadMasterLightCurve } from "../core/loadMasterLightCurve.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { analysisName, plotName, tryParseObjectName, type PlotFormat, type PlotKind } from "../core/objectNames.js";
import { compareGenerations, type Generation, type ObjectStore, type StoredObject } from "../core/store/objectStore.js";
import { parseAnalysisDocument, type AnalysisDocument } from "./analysisDocument.js";

export const PLOT_CONTENT_TYPES: Readonly<Record<PlotFormat, string>> = { png: "image/png", svg: "image/svg+xml" };

/** The MLC of a star and its generation; NotFoundError when the star has none. */
export async function readStarLightCurve(store: ObjectStore, pic: string): Promise<{ mlc: MasterLightCurve; generation: Generation }> {
  return loadMasterLightCurve(store, pic);
}

export interface StoredAnalysis {
  generation: Generation;
  /** Absent when the stored object does not parse (`fault` says why), so that it gets replaced. */
  document?: AnalysisDocument;
  fault?: InvalidDocumentError;
}

/** The stored analysis object, or undefined when there is none. */
export async function readStoredAnalysis(store: ObjectStore, pic: string): Promise<StoredAnalysis | undefined> {
  const name = analysisName(pic);
  let stored;
  try {
    stored = await store.get(name);
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
  try {
    return { document: parseAnalysisDocument(name, stored.data), generation: stored.generation };
  } catch (error) {
    if (error instanceof InvalidDocumentError) return { generation: stored.generation, fault: error };
    throw error;
  }
}

/** The document as stored, for writing. */
export function encodeAnalysisDocument(document: AnalysisDocument): Buffer {
  return Buffer.from(`${JSON.stringify(document, null, 1)}\n`);
}

/** Stores the rendered plots of the analysis of an MLC generation, each as SVG then PNG. */
export async function writeStoredPlots(store: ObjectStore, pic: string, mlcGeneration: Generation, plots: readonly { kind: PlotKind; svg: string; png: Uint8Array }[]): Promise<void> {
  for (const { kind, svg, png } of plots) {
    await store.put(plotName(pic, mlcGeneration, kind, "svg"), Buffer.from(svg), { contentType: PLOT_CONTENT_TYPES.svg });
    await store.put(plotName(pic, mlcGeneration, kind, "png"), png, { contentType: PLOT_CONTENT_TYPES.png });
  }
}

/**
 * Deletes the plots of MLC generations older than `mlcGeneration` (that of the stored analysis):
 * newer ones may belong to a run still in progress elsewhere.
 */
export async function deleteOlderPlots(store: ObjectStore, pic: string, mlcGeneration: Generation): Promise<void> {
  for await (const object of store.listAll(`ANALYSIS/${pic}/`)) {
    const name = tryParseObjectName(object.name);
    if (name?.kind !== "plot" || compareGenerations(name.mlcGeneration, mlcGeneration) >= 0) continue;
    try {
      await store.delete(object.name);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error; // another analyzer deleted it first
    }
  }
}

/** A stored plot of an MLC generation; NotFoundError when it was not written (yet, or any more). */
export async function readStoredPlot(store: ObjectStore, pic: string, mlcGeneration: Generation, kind: PlotKind, format: PlotFormat): Promise<StoredObject> {
  return store.get(plotName(pic, mlcGeneration, kind, format));
}

/** The PIC ids of every star with an MLC, in name order, with the MLC's generation. */
export async function listStars(store: ObjectStore): Promise<{ pic: string; generation: Generation }[]> {
  const stars: { pic: string; generation: Generation }[] = [];
  for await (const object of store.listAll("MLC/")) {
    const name = tryParseObjectName(object.name);
    if (name?.kind === "mlc") stars.push({ pic: name.pic, generation: object.generation });
  }
  return stars;
}
