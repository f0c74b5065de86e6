/**
 * A bucket as the analyzer leaves it, written directly: MLC documents (their bytes do not matter
 * to what `piaa start` reads of them, only their names and generations), star index rows and
 * stored plots, so that storedPlots.ts and followMerges.ts are tested without running the analyzer.
 */
import { writeStoredPlots } from "../../../runtime/analysis/analysisStore.js";
import { updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { errorRow, type StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";
import { masterLightCurveName, PLOT_KINDS } from "../../../runtime/core/objectNames.js";
import type { Generation, ObjectStore } from "../../../runtime/core/store/objectStore.js";

/** Writes (or rewrites) a star's MLC document; returns its new generation. */
export async function writeMlc(store: ObjectStore, pic: string): Promise<Generation> {
  return (await store.put(masterLightCurveName(pic), Buffer.from(`{"pic": "${pic}"}`))).generation;
}

/** A star's index row with the given status at an MLC generation. */
export function indexRow(pic: string, status: StarIndexRow["status"], mlcGeneration: Generation): StarIndexRow {
  const row = errorRow(pic, mlcGeneration, "unreadable MLC", new Date("2026-12-06T12:00:00Z"));
  return status === "error" ? row : { ...row, status, error: null };
}

export async function writeRow(store: ObjectStore, row: StarIndexRow): Promise<void> {
  await updateStarIndex(store, [{ pic: row.pic, row }]);
}

/** The bytes stored for a plot: they name the star, generation, kind and format, so a copy shows which it was. */
export function plotBytes(pic: string, mlcGeneration: Generation, kind: string, format: string): string {
  return `${format} ${kind} of ${pic} at ${mlcGeneration}`;
}

export async function writePlots(store: ObjectStore, pic: string, mlcGeneration: Generation): Promise<void> {
  await writeStoredPlots(
    store,
    pic,
    mlcGeneration,
    PLOT_KINDS.map((kind) => ({ kind, svg: plotBytes(pic, mlcGeneration, kind, "svg"), png: Buffer.from(plotBytes(pic, mlcGeneration, kind, "png")) })),
  );
}

/** A star analysed at its MLC's current generation, with its plots stored; returns that generation. */
export async function writeAnalysedStar(store: ObjectStore, pic: string): Promise<Generation> {
  const generation = await writeMlc(store, pic);
  await writePlots(store, pic, generation);
  await writeRow(store, indexRow(pic, "analysed", generation));
  return generation;
}
