/**
 * The end of `piaa start`: waits until the analyzer has caught up with every MLC (each star's
 * index row at its MLC's generation, analysed or marked as an error), then copies the plots it
 * stored into a directory, as `{pic}.{plot}.{png|svg}` (the names `piaa plot` writes).
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { readStoredPlot } from "../analysis/analysisStore.js";
import { readStarIndexShard, STAR_INDEX_SHARDS } from "../analysis/starIndex.js";
import type { StarIndexRow } from "../analysis/starIndexRow.js";
import { listMasterLightCurves } from "../analyzer/localEventSource.js";
import { PLOT_FORMATS, PLOT_KINDS, tryParseObjectName } from "../core/objectNames.js";
import type { ObjectStore } from "../core/store/objectStore.js";

export interface AnalysisProgress {
  stars: number;
  /** Stars whose index row is at their MLC's generation and finished (analysed or error). */
  done: StarIndexRow[];
}

export async function readAnalysisProgress(store: ObjectStore): Promise<AnalysisProgress> {
  const rows = new Map<string, StarIndexRow>();
  for (let shard = 0; shard < STAR_INDEX_SHARDS; shard++) for (const [pic, row] of (await readStarIndexShard(store, shard)).rows) rows.set(pic, row);
  const mlcs = await listMasterLightCurves(store);
  const done: StarIndexRow[] = [];
  for (const [name, generation] of mlcs) {
    const parsed = tryParseObjectName(name);
    const row = parsed?.kind === "mlc" ? rows.get(parsed.pic) : undefined;
    if (row && row.status !== "pending" && row.mlcGeneration === generation) done.push(row);
  }
  return { stars: mlcs.size, done };
}

/** Copies the stored plots of the analysed stars into `outDir`; returns the number of files. */
export async function copyStoredPlots(store: ObjectStore, rows: readonly StarIndexRow[], outDir: string): Promise<number> {
  await mkdir(outDir, { recursive: true });
  let files = 0;
  for (const row of rows) {
    if (row.status !== "analysed") continue;
    for (const kind of PLOT_KINDS) {
      for (const format of PLOT_FORMATS) {
        await writeFile(path.join(outDir, `${row.pic}.${kind}.${format}`), (await readStoredPlot(store, row.pic, row.mlcGeneration, kind, format)).data);
        files += 1;
      }
    }
  }
  return files;
}
