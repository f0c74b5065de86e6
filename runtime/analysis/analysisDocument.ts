/**
 * The analysis document `ANALYSIS/{pic}.json`: what `piaa analyze` reports and the dashboard's
 * star page shows, keyed by the generation of the MLC it was computed from. Beyond the fields of
 * design §7 it keeps what the star page needs without reading the MLC: the MLC's generation,
 * update time, units, observation span and segment list, the catalog name and the candidate flag.
 */
import { z } from "zod";
import { catalogNameOf } from "../core/catalog.js";
import { parseJsonDocument } from "../core/jsonDocument.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { unixSecondsToIso } from "../core/time.js";
import type { LightCurveAnalysis } from "./analyzeMasterLightCurve.js";
import { isTransitCandidate } from "./transitCandidate.js";

export const ANALYSIS_SCHEMA_VERSION = 3;

export const perChannelSchema = z.object({ R: z.number().nullable(), G: z.number().nullable(), B: z.number().nullable() });
const generation = z.string().regex(/^\d+$/);

export const blsSummarySchema = z.object({
  periodDays: z.number(),
  /** Mid-transit time, BJD_TDB: the first transit on or after the first point. */
  epochBjd: z.number(),
  durationHours: z.number(),
  /** Fractional depth (out-of-transit minus in-transit flux, normalised flux). */
  depth: z.number(),
  snr: z.number(),
  sde: z.number(),
  /** Probability that the star's data without a transit peak as high (falseAlarm.ts); null when not calibrated. */
  falseAlarmProbability: z.number().nullable(),
  /** Null trials behind that probability. */
  falseAlarmTrials: z.number().int().nonnegative(),
  /** Where the periodogram peaked; periodDays is this, or a multiple or fraction the data prefer. */
  peakPeriodDays: z.number(),
  /** Longer periods (2P, 3P) the data fit as well (periodAliases.ts). */
  aliases: z.array(z.object({ factor: z.number(), periodDays: z.number(), evidence: z.enum(["unobserved", "inconclusive"]) })),
});

const fittedValueSchema = z.object({ value: z.number(), sigma: z.number() });

/** The limb-darkened transit fitted to the candidate (transitFit.ts): values with 1σ errors. */
export const transitFitSchema = z.object({
  epochBjd: fittedValueSchema,
  periodDays: fittedValueSchema,
  radiusRatio: fittedValueSchema,
  impactParameter: fittedValueSchema,
  semiMajorAxisStellarRadii: fittedValueSchema,
  baseline: fittedValueSchema,
  durationHours: z.number(),
  inclinationDeg: z.number(),
  limbDarkening: z.object({ u1: z.number(), u2: z.number() }),
  reducedChiSquare: z.number(),
  points: z.number().int().nonnegative(),
});

/** First and last exposure start, UTC ISO-8601: when the star was observed. */
export const observedSpanSchema = z.object({ first: z.string(), last: z.string() });

export const analysisDocumentSchema = z.object({
  schema: z.literal(ANALYSIS_SCHEMA_VERSION),
  pic: z.string(),
  /** Catalog name (e.g. "HD 189733") where the catalog knows the star. */
  name: z.string().nullable(),
  mlcGeneration: generation,
  mlcUpdated: z.string(),
  /** When this analysis was computed (processing time, not observation time). */
  analysedAt: z.string(),
  units: z.array(z.string()),
  points: z.number().int().nonnegative(),
  segments: z.number().int().nonnegative(),
  observed: observedSpanSchema.nullable(),
  segmentList: z.array(
    z.object({ object: z.string(), generation, unit: z.string(), camera: z.string(), start: z.string(), points: z.number().int().nonnegative() }),
  ),
  cdppPpm: perChannelSchema,
  /** null when the search found no candidate (too little data, or no dip at all). */
  bls: blsSummarySchema.nullable(),
  /** null without a candidate, or when too few points lie near its transits. */
  fit: transitFitSchema.nullable(),
  /** The BLS result clears transitCandidate.ts's thresholds (SNR and false-alarm probability). */
  candidate: z.boolean(),
});

export type AnalysisDocument = z.infer<typeof analysisDocumentSchema>;
export type BlsSummary = z.infer<typeof blsSummarySchema>;
export type TransitFitSummary = z.infer<typeof transitFitSchema>;
export type ObservedSpan = z.infer<typeof observedSpanSchema>;

/** The design §7 `piaa analyze --json` shape, with the fitted transit (issue 19). */
export interface AnalysisReport {
  pic: string;
  points: number;
  segments: number;
  cdppPpm: AnalysisDocument["cdppPpm"];
  bls: BlsSummary | null;
  fit: TransitFitSummary | null;
}

const finiteOrNull = (value: number | undefined): number | null => (value !== undefined && Number.isFinite(value) ? value : null);

/** What an MLC says about itself, without analysis: shared by analyses and pending index rows. */
export function describeMasterLightCurve(mlc: MasterLightCurve): { units: string[]; points: number; segments: number; observed: ObservedSpan | null } {
  const time = mlc.points.time;
  return {
    units: [...new Set(mlc.segments.map((s) => s.unit))].sort(),
    // The segment list counts every point, also those kept in chunks.
    points: mlc.segments.reduce((sum, s) => sum + s.points, 0),
    segments: mlc.segments.length,
    observed: time.length === 0 ? null : { first: unixSecondsToIso(time[0]!), last: unixSecondsToIso(time[time.length - 1]!) },
  };
}

export function buildAnalysisDocument(mlc: MasterLightCurve, mlcGeneration: string, result: LightCurveAnalysis, analysedAt: Date): AnalysisDocument {
  const c = result.candidate;
  const fap = result.falseAlarm;
  const bls = c
    ? {
        periodDays: c.periodDays,
        epochBjd: c.epoch,
        durationHours: c.durationDays * 24,
        depth: c.depth,
        snr: c.snr,
        sde: c.sde,
        falseAlarmProbability: fap?.probability ?? null,
        falseAlarmTrials: fap?.trials ?? 0,
        peakPeriodDays: c.peakPeriodDays ?? c.periodDays,
        aliases: c.aliases ?? [],
      }
    : null;
  return {
    schema: ANALYSIS_SCHEMA_VERSION,
    pic: mlc.pic,
    name: catalogNameOf(mlc.pic),
    mlcGeneration,
    mlcUpdated: mlc.updated,
    analysedAt: analysedAt.toISOString(),
    ...describeMasterLightCurve(mlc),
    segmentList: mlc.segments.map(({ object, generation, unit, camera, start, points }) => ({ object, generation, unit, camera, start, points })),
    cdppPpm: { R: finiteOrNull(result.cdppPpm.R), G: finiteOrNull(result.cdppPpm.G), B: finiteOrNull(result.cdppPpm.B) },
    bls,
    fit: result.fit ?? null,
    candidate: isTransitCandidate(bls),
  };
}

export function analysisReport(document: AnalysisDocument): AnalysisReport {
  const { pic, points, segments, cdppPpm, bls, fit } = document;
  return { pic, points, segments, cdppPpm, bls, fit };
}

export function parseAnalysisDocument(objectName: string, bytes: Uint8Array): AnalysisDocument {
  return parseJsonDocument(objectName, bytes, analysisDocumentSchema);
}
