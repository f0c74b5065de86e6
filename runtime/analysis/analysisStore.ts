/**
 * The analysis of a star as the bucket keeps it: `MLC/{pic}.analysis.json`, recomputed only when
 * the MLC's generation differs from the one the stored analysis was computed from. `piaa analyze`
 * and the dashboard both come through here, so they share one cache.
 */
import { InvalidDocumentError, NotFoundError, PreconditionFailedError } from "../core/errors.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { loadMasterLightCurve } from "../core/loadMasterLightCurve.js";
import { analysisName, masterLightCurveName, tryParseObjectName } from "../core/objectNames.js";
import type { Generation, ObjectStore } from "../core/store/objectStore.js";
import { buildAnalysisDocument, parseAnalysisDocument, type AnalysisDocument } from "./analysisDocument.js";
import { analyzeLightCurve, type AnalysisOptions, type LightCurveAnalysis } from "./analyzeMasterLightCurve.js";

export interface StarAnalysis {
  document: AnalysisDocument;
  /** True when the stored analysis was current and nothing was computed. */
  cached: boolean;
  /** The full analysis (series for plots), when it was computed by this call. */
  analysis?: LightCurveAnalysis;
}

export interface AnalyzeStarOptions {
  /** The MLC generation when the caller already knows it (from a listing): saves a stat. */
  mlcGeneration?: Generation;
  /** Recompute even when the stored analysis is current. */
  force?: boolean;
  analysis?: AnalysisOptions;
  /**
   * Called instead of throwing when the analysis cannot be written back (a read-only caller such
   * as the dashboard on a bucket it may only read): the fresh result is returned all the same.
   */
  onWriteError?: (error: unknown) => void;
}

/** The MLC of a star and its generation; NotFoundError when the star has none. */
export async function readStarLightCurve(store: ObjectStore, pic: string): Promise<{ mlc: MasterLightCurve; generation: Generation }> {
  return loadMasterLightCurve(store, pic);
}

/**
 * The stored analysis object's generation and document (undefined when it does not parse, so
 * that it gets replaced), or undefined when there is no such object.
 */
async function readStoredAnalysis(store: ObjectStore, pic: string): Promise<{ document?: AnalysisDocument; generation: Generation } | undefined> {
  const name = analysisName(pic);
  try {
    const stored = await store.get(name);
    try {
      return { document: parseAnalysisDocument(name, stored.data), generation: stored.generation };
    } catch (error) {
      if (error instanceof InvalidDocumentError) return { generation: stored.generation };
      throw error;
    }
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

/**
 * The current analysis of a star: the stored one when its MLC generation still matches, else a
 * fresh one, written back unless another writer got there first (its result is as good).
 */
export async function analyzeStar(store: ObjectStore, pic: string, options: AnalyzeStarOptions = {}): Promise<StarAnalysis> {
  const mlcName = masterLightCurveName(pic);
  const [current, stored] = await Promise.all([
    options.mlcGeneration ?? store.stat(mlcName).then((s) => s.generation),
    readStoredAnalysis(store, pic),
  ]);
  if (!options.force && stored?.document?.mlcGeneration === current) return { document: stored.document, cached: true };
  const { mlc, generation } = await readStarLightCurve(store, pic);
  const analysis = analyzeLightCurve(mlc, options.analysis);
  const document = buildAnalysisDocument(mlc, generation, analysis);
  try {
    await store.put(analysisName(pic), Buffer.from(`${JSON.stringify(document, null, 1)}\n`), {
      ifGenerationMatch: stored?.generation ?? "0",
      contentType: "application/json",
    });
  } catch (error) {
    if (!(error instanceof PreconditionFailedError)) {
      if (!options.onWriteError) throw error;
      options.onWriteError(error);
    }
  }
  return { document, cached: false, analysis };
}

/** The PIC ids of every star with an MLC, in name order. */
export async function listStars(store: ObjectStore): Promise<{ pic: string; generation: Generation }[]> {
  const stars: { pic: string; generation: Generation }[] = [];
  for await (const object of store.listAll("MLC/")) {
    const name = tryParseObjectName(object.name);
    if (name?.kind === "mlc") stars.push({ pic: name.pic, generation: object.generation });
  }
  return stars;
}
