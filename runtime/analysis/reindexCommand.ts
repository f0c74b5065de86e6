/**
 * `piaa reindex`: rebuilds the star index from the bucket: a row per MLC, from its stored
 * analysis when that is current, else "pending" (or "error" when the MLC cannot be read); rows of
 * stars whose MLC is gone are dropped, and shards that do not parse are replaced. Each shard is
 * written with compare-and-swap, so an analyzer working meanwhile loses nothing: a row it stored
 * for a newer MLC generation than the one listed here is kept.
 */
import { jsonOption, piaaCommand, positiveInteger } from "../core/commandLine.js";
import { type CommandOutput, processOutput, stderrProgress } from "../core/commandArguments.js";
import { InvalidDocumentError, NotFoundError } from "../core/errors.js";
import { forEachLimited } from "../core/forEachLimited.js";
import { masterLightCurveName } from "../core/objectNames.js";
import { compareGenerations, type ObjectStore } from "../core/store/objectStore.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { Option } from "commander";
import { listStars, readStarLightCurve, readStoredAnalysis } from "./analysisStore.js";
import { readStarIndexShard, shardOf, STAR_INDEX_SHARDS, updateStarIndexShard } from "./starIndex.js";
import { analysedRow, errorRow, pendingRow, type StarIndexRow } from "./starIndexRow.js";

export interface ReindexSummary {
  stars: number;
  analysed: number;
  pending: number;
  errors: number;
  /** Rows dropped because their star's MLC is gone. */
  dropped: number;
}

async function rowOf(store: ObjectStore, pic: string, generation: string, now: Date): Promise<StarIndexRow> {
  const stored = await readStoredAnalysis(store, pic);
  if (stored?.document?.mlcGeneration === generation) return analysedRow(stored.document);
  try {
    const mlc = await readStarLightCurve(store, pic);
    return pendingRow(mlc.mlc, mlc.generation);
  } catch (error) {
    if (error instanceof InvalidDocumentError) return errorRow(pic, generation, error.message, now);
    throw error;
  }
}

async function isGone(store: ObjectStore, pic: string): Promise<boolean> {
  try {
    await store.stat(masterLightCurveName(pic));
    return false;
  } catch (error) {
    if (error instanceof NotFoundError) return true;
    throw error;
  }
}

export async function rebuildStarIndex(store: ObjectStore, concurrency: number, progress: (done: number, total: number) => void, now = new Date()): Promise<ReindexSummary> {
  const stars = await listStars(store);
  const rows = new Map<number, Map<string, StarIndexRow>>(Array.from({ length: STAR_INDEX_SHARDS }, (_, n) => [n, new Map()]));
  let done = 0;
  await forEachLimited(stars, concurrency, async ({ pic, generation }) => {
    rows.get(shardOf(pic))!.set(pic, await rowOf(store, pic, generation, now));
    progress(++done, stars.length);
  });
  let dropped = 0;
  for (const [shard, built] of rows) {
    const gone = new Set<string>();
    for (const pic of (await readStarIndexShard(store, shard, { replaceInvalid: true })).rows.keys()) if (!built.has(pic) && (await isGone(store, pic))) gone.add(pic);
    await updateStarIndexShard(
      store,
      shard,
      (current) => {
        if (built.size === 0 && current.size === 0) return undefined;
        const next = new Map(built);
        for (const [pic, row] of current) {
          const ours = next.get(pic);
          const newer = ours ? compareGenerations(row.mlcGeneration, ours.mlcGeneration) > 0 : !gone.has(pic);
          if (newer) next.set(pic, row);
        }
        return next;
      },
      { replaceInvalid: true },
    );
    dropped += gone.size;
  }
  const all = [...rows.values()].flatMap((m) => [...m.values()]);
  const count = (status: StarIndexRow["status"]) => all.filter((r) => r.status === status).length;
  return { stars: stars.length, analysed: count("analysed"), pending: count("pending"), errors: count("error"), dropped };
}

export function reindexCommand(output: CommandOutput = processOutput) {
  return piaaCommand("reindex", "rebuild the star index (ANALYSIS/index/) from the MLCs and stored analyses; analyses nothing")
    .addOption(new Option("--concurrency <n>", "stars read at once").argParser(positiveInteger("--concurrency")).default(8))
    .addOption(jsonOption())
    .action(async (options: { bucket: string; concurrency: number; json?: boolean }) => {
      const summary = await rebuildStarIndex(openObjectStore(options.bucket), options.concurrency, stderrProgress(output, "indexed"));
      output.stdout(
        options.json
          ? `${JSON.stringify(summary, null, 2)}\n`
          : `${summary.stars} stars indexed: ${summary.analysed} analysed, ${summary.pending} pending (run \`piaa analyze --all\`), ${summary.errors} cannot be analysed; ${summary.dropped} rows of removed stars dropped\n`,
      );
    });
}
