/**
 * The last step of `piaa start`: analyse every star (stored as MLC/{pic}.analysis.json, which the
 * dashboard then reads instead of recomputing) and write its plots to a directory.
 */
import { analyzeStar, listStars, readStarLightCurve } from "../analysis/analysisStore.js";
import { analyzeLightCurve } from "../analysis/analyzeMasterLightCurve.js";
import { writeStarPlots } from "../analysis/starPlots.js";
import type { ObjectStore } from "../core/store/objectStore.js";

/** Analyses one star at MLC `generation` and writes its plots; returns the files written. */
export async function plotStar(store: ObjectStore, pic: string, generation: string, outDir: string): Promise<string[]> {
  const result = await analyzeStar(store, pic, { mlcGeneration: generation });
  // A stored analysis holds the summary, not the series the plots draw: recompute for those.
  const analysis = result.analysis ?? analyzeLightCurve((await readStarLightCurve(store, pic)).mlc);
  return writeStarPlots(pic, analysis, outDir);
}

/** Returns the number of plot files written. */
export async function plotEveryStar(store: ObjectStore, outDir: string, report: (text: string) => void): Promise<number> {
  const stars = await listStars(store);
  let files = 0;
  for (const [i, { pic, generation }] of stars.entries()) {
    report(`analysing and plotting: ${i + 1}/${stars.length} stars`);
    files += (await plotStar(store, pic, generation, outDir)).length;
  }
  return files;
}
