/**
 * The analysis document `MLC/{pic}.analysis.json`: what `piaa analyze` reports and the dashboard
 * lists, keyed by the generation of the MLC it was computed from. Beyond the fields of design §7
 * it keeps the MLC's generation, update time and units, so the star table needs no MLC read.
 */
import { z } from "zod";
import { parseJsonDocument } from "../core/jsonDocument.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import type { LightCurveAnalysis } from "./analyzeMasterLightCurve.js";

export const ANALYSIS_SCHEMA_VERSION = 1;

const perChannel = z.object({ R: z.number().nullable(), G: z.number().nullable(), B: z.number().nullable() });

export const blsSummarySchema = z.object({
  periodDays: z.number(),
  /** Mid-transit time, BJD_TDB: the first transit on or after the first point. */
  epochBjd: z.number(),
  durationHours: z.number(),
  /** Fractional depth (out-of-transit minus in-transit flux, normalised flux). */
  depth: z.number(),
  snr: z.number(),
  sde: z.number(),
});

export const analysisDocumentSchema = z.object({
  schema: z.literal(ANALYSIS_SCHEMA_VERSION),
  pic: z.string(),
  mlcGeneration: z.string().regex(/^\d+$/),
  mlcUpdated: z.string(),
  units: z.array(z.string()),
  points: z.number().int().nonnegative(),
  segments: z.number().int().nonnegative(),
  cdppPpm: perChannel,
  /** null when the search found no candidate (too little data, or no dip at all). */
  bls: blsSummarySchema.nullable(),
});

export type AnalysisDocument = z.infer<typeof analysisDocumentSchema>;
export type BlsSummary = z.infer<typeof blsSummarySchema>;

/** The design §7 `piaa analyze --json` shape. */
export interface AnalysisReport {
  pic: string;
  points: number;
  segments: number;
  cdppPpm: AnalysisDocument["cdppPpm"];
  bls: BlsSummary | null;
}

const finiteOrNull = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

export function buildAnalysisDocument(mlc: MasterLightCurve, mlcGeneration: string, result: LightCurveAnalysis): AnalysisDocument {
  const c = result.candidate;
  return {
    schema: ANALYSIS_SCHEMA_VERSION,
    pic: mlc.pic,
    mlcGeneration,
    mlcUpdated: mlc.updated,
    units: [...new Set(mlc.segments.map((s) => s.unit))].sort(),
    points: mlc.points.time.length,
    segments: mlc.segments.length,
    cdppPpm: { R: finiteOrNull(result.cdppPpm.R), G: finiteOrNull(result.cdppPpm.G), B: finiteOrNull(result.cdppPpm.B) },
    bls: c
      ? { periodDays: c.periodDays, epochBjd: c.epoch, durationHours: c.durationDays * 24, depth: c.depth, snr: c.snr, sde: c.sde }
      : null,
  };
}

export function analysisReport(document: AnalysisDocument): AnalysisReport {
  const { pic, points, segments, cdppPpm, bls } = document;
  return { pic, points, segments, cdppPpm, bls };
}

export function parseAnalysisDocument(objectName: string, bytes: Uint8Array): AnalysisDocument {
  return parseJsonDocument(objectName, bytes, analysisDocumentSchema);
}
