/**
 * A star's plots as files: `{pic}.lightcurve.{png,svg}` and `{pic}.folded.{png,svg}` (plots.ts),
 * written by `piaa plot` and by `piaa start` for every star it merged.
 */
import path from "node:path";
import { prepareOutputDirectory, writeOutputFile } from "../core/outputFiles.js";
import type { LightCurveAnalysis } from "./analyzeMasterLightCurve.js";
import { PLOT_KINDS } from "../core/objectNames.js";
import { renderPlot } from "./plots.js";

/** Writes the plots of `analysis` into `outDir` (created if needed); returns the files written. */
export async function writeStarPlots(pic: string, analysis: LightCurveAnalysis, outDir: string): Promise<string[]> {
  await prepareOutputDirectory(outDir);
  const files: string[] = [];
  for (const kind of PLOT_KINDS) {
    const chart = await renderPlot(kind, pic, analysis);
    for (const [extension, data] of [["png", chart.png], ["svg", chart.svg]] as const) {
      const file = path.join(outDir, `${pic}.${kind}.${extension}`);
      await writeOutputFile(file, data);
      files.push(file);
    }
  }
  return files;
}
