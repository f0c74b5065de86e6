/**
 * A survey-scale dashboard bucket for the dashboard's load test and bench: `stars` stars, each
 * with an MLC object, a plausible stored analysis (30 % candidates) and its index row. Star 0 has
 * a real chunked MLC of `largePoints` points (as the combiner stores one: a tail and chunks) to
 * download, and stored plots of realistic size.
 */
import { encodeAnalysisDocument } from "../../../runtime/analysis/analysisStore.js";
import { ANALYSIS_SCHEMA_VERSION, type AnalysisDocument } from "../../../runtime/analysis/analysisDocument.js";
import { updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { analysedRow } from "../../../runtime/analysis/starIndexRow.js";
import { forEachLimited } from "../../../runtime/core/forEachLimited.js";
import { chunkMasterLightCurve, DEFAULT_TAIL_POINT_LIMIT } from "../../../runtime/core/masterLightCurveChunk.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { analysisName, masterLightCurveName, PLOT_FORMATS, PLOT_KINDS, plotName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { syntheticMasterLightCurve } from "./syntheticStars.js";

/** Bytes of the stored plots of star 0: about what the analyzer stores for a large MLC. */
const PLOT_BYTES = { png: 150_000, svg: 1_500_000 } as const;

/** A plausible analysis document: 30 % of the stars are candidates. */
export function surveyAnalysis(i: number): AnalysisDocument {
  const two = (n: number) => String(n).padStart(2, "0");
  const pic = `PIC_J${two(i % 24)}${two(Math.floor(i / 24) % 60)}${two(Math.floor(i / 1440) % 60)}0+${two(i % 89)}0000`;
  const candidate = i % 10 < 3;
  return {
    schema: ANALYSIS_SCHEMA_VERSION,
    pic,
    name: null,
    mlcGeneration: String(1_700_000_000_000_000 + i),
    mlcUpdated: "2026-08-20T12:00:00.000Z",
    analysedAt: "2026-08-20T12:00:05.000Z",
    units: ["PAN000", "PAN001"],
    points: 1000 + i,
    segments: 12,
    observed: { first: "2026-08-01T02:00:00.000000", last: "2026-08-08T09:00:00.000000" },
    segmentList: Array.from({ length: 12 }, (_, k) => ({ object: `LC/${pic}/PAN000/108715/2026-08-0${1 + (k % 8)}T02:00:00.000000.json`, generation: "1", unit: "PAN000", camera: "108715", start: "2026-08-01T02:00:00.000000", points: 90 })),
    cdppPpm: { R: 1000 + (i % 500), G: 800 + (i % 300), B: 2000 + (i % 700) },
    bls: { periodDays: 0.5 + (i % 1000) / 100, epochBjd: 2461253.5, durationHours: 2, depth: 0.001 * (1 + (i % 30)), snr: candidate ? 8 + (i % 20) : 3, sde: candidate ? 6 + (i % 13) : 2 + (i % 3), falseAlarmProbability: candidate ? 1e-6 : 0.2, falseAlarmTrials: 6, peakPeriodDays: 0.5 + (i % 1000) / 100, aliases: [] },
    fit: null,
    candidate,
  };
}

/** Writes the bucket; returns the analysis documents, star 0 (the large MLC) first. */
export async function writeSurveyBucket(store: ObjectStore, stars: number, largePoints: number): Promise<AnalysisDocument[]> {
  const documents = Array.from({ length: stars }, (_, i) => surveyAnalysis(i));
  const [large, ...rest] = documents as [AnalysisDocument, ...AnalysisDocument[]];
  await forEachLimited(rest, 16, async (document) => {
    // These MLCs' content does not matter (only their listing does); the generation is the analysis's.
    document.mlcGeneration = (await store.put(masterLightCurveName(document.pic), Buffer.from("{}"))).generation;
    await store.put(analysisName(document.pic), encodeAnalysisDocument(document));
  });
  const nights = Math.max(1, Math.ceil(largePoints / (2 * 288)));
  const { mlc, chunks } = chunkMasterLightCurve(syntheticMasterLightCurve({ pic: large.pic, nights, exposures: 288, seed: 11 }), DEFAULT_TAIL_POINT_LIMIT);
  for (const chunk of chunks) await store.put(chunk.name, chunk.bytes);
  large.mlcGeneration = (await store.put(masterLightCurveName(large.pic), encodeMasterLightCurve(mlc))).generation;
  await store.put(analysisName(large.pic), encodeAnalysisDocument(large));
  for (const kind of PLOT_KINDS) for (const format of PLOT_FORMATS) await store.put(plotName(large.pic, large.mlcGeneration, kind, format), Buffer.alloc(PLOT_BYTES[format], 1));
  await updateStarIndex(store, documents.map((d) => ({ pic: d.pic, row: analysedRow(d) })));
  return documents;
}
