/**
 * `piaa completeness PIC [--trials N] [--seed S] [--json]`: injection and recovery on the star's
 * own light curve (completeness.ts). The result is stored as ANALYSIS/{pic}/completeness.json and
 * reused while the MLC generation, seed and trials stay the same; the star index row of that
 * generation gets the 50 %-completeness depth. Progress goes to stderr.
 */
import { Option } from "commander";
import { jsonOption, piaaCommand, positiveInteger, UsageError } from "../core/commandLine.js";
import { type CommandOutput, parsePicArgument, processOutput, STAR_ARGUMENT_HELP, stderrProgress } from "../core/commandArguments.js";
import { completenessName } from "../core/objectNames.js";
import { explainMissingStar } from "../core/starPresence.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { readStarLightCurve } from "./analysisStore.js";
import { DEFAULT_COMPLETENESS_TRIALS, measureCompleteness } from "./completeness.js";
import { depthAtHalfCompleteness, readCompletenessResult, writeCompletenessResult, type CompletenessResult } from "./completenessResult.js";
import { shardOf, updateStarIndexShard } from "./starIndex.js";

const percent = (value: number | null, digits = 1): string => (value === null ? "n/a" : `${(value * 100).toFixed(digits)} %`);

/** The human-readable report of a result. */
export function formatCompleteness(result: CompletenessResult, cached: boolean): string {
  const half = depthAtHalfCompleteness(result);
  const lines = [
    `${result.pic}: injection and recovery over ${result.baselineDays.toFixed(1)} d, seed ${result.seed}, ${result.trials} completeness trials`,
    `  ${completenessName(result.pic)}: ${cached ? "up to date" : "computed"} for MLC generation ${result.mlcGeneration}`,
    result.ownCandidate
      ? `  the star's own candidate (P = ${result.ownCandidate.periodDays.toFixed(5)} d, depth ${percent(result.ownCandidate.depth, 3)}) was masked before injecting`
      : "  no flagged candidate of its own",
    `  suppression (1 − recovered/injected depth): ${result.suppression.map((s) => `${s.durationHours} h ${percent(s.suppression)}`).join(", ") || "n/a"}`,
    `  transfer function (recovered/injected amplitude): ${result.transfer.map((t) => `${t.periodHours} h ${t.ratio === null ? "n/a" : t.ratio.toFixed(3)}`).join(", ") || "n/a"}`,
    "  completeness (recovered/injected) by period (rows) and depth (columns):",
    ...completenessTable(result),
    `  50 % completeness near P = 3 d: ${half ? `depth ${percent(half.depth, 2)} (at P = ${half.periodDays.toFixed(2)} d)` : "not reached"}`,
  ];
  return `${lines.join("\n")}\n`;
}

function completenessTable(result: CompletenessResult): string[] {
  const periods = [...new Set(result.cells.map((c) => c.periodDays))];
  const depths = [...new Set(result.cells.map((c) => c.depth))];
  const header = `    ${"P (d)".padStart(7)}${depths.map((d) => percent(d, 2).padStart(9)).join("")}`;
  const rows = periods.map((p) => {
    const cells = depths.map((d) => {
      const cell = result.cells.find((c) => c.periodDays === p && c.depth === d);
      return (cell && cell.trials > 0 ? `${cell.recovered}/${cell.trials}` : "-").padStart(9);
    });
    return `    ${p.toFixed(2).padStart(7)}${cells.join("")}`;
  });
  return [header, ...rows];
}

/** The 50 % depth onto the star's index row, when that row describes the same MLC generation. */
async function updateIndexRow(store: ObjectStore, result: CompletenessResult): Promise<void> {
  await updateStarIndexShard(store, shardOf(result.pic), (rows) => {
    const row = rows.get(result.pic);
    if (!row || row.status !== "analysed" || row.mlcGeneration !== result.mlcGeneration) return undefined;
    const halfCompletenessDepth = depthAtHalfCompleteness(result);
    if (JSON.stringify(row.halfCompletenessDepth) === JSON.stringify(halfCompletenessDepth)) return undefined;
    rows.set(result.pic, { ...row, halfCompletenessDepth });
    return rows;
  });
}

const integer = (option: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new UsageError(`${option} must be an integer (got ${JSON.stringify(value)})`);
  return n;
};

export function completenessCommand(output: CommandOutput = processOutput) {
  return piaaCommand("completeness", "inject transits and sinusoids into a star's light curve and measure what the analysis recovers; stores ANALYSIS/{pic}/completeness.json")
    .argument("<pic>", STAR_ARGUMENT_HELP, parsePicArgument)
    .addOption(new Option("--trials <n>", "completeness injections in all, spread over the period × depth grid").argParser(positiveInteger("--trials")).default(DEFAULT_COMPLETENESS_TRIALS))
    .addOption(new Option("--seed <s>", "seed of the random epochs (same MLC and seed: same numbers)").argParser(integer("--seed")).default(1))
    .addOption(new Option("--force", "recompute even when a result for this MLC generation, seed and trials is stored"))
    .addOption(jsonOption())
    .action(async (pic: string, options: { bucket: string; trials: number; seed: number; json?: boolean; force?: boolean }) => {
      const store = await openBucketForReading(options.bucket);
      const { mlc, generation } = await explainMissingStar(store, pic, () => readStarLightCurve(store, pic));
      const stored = options.force ? undefined : await readCompletenessResult(store, pic);
      const current = stored && stored.mlcGeneration === generation && stored.seed === options.seed && stored.trials === options.trials;
      const result = current
        ? stored
        : measureCompleteness(mlc, generation, { trials: options.trials, seed: options.seed, progress: stderrProgress(output, "injections") });
      if (!current) await writeCompletenessResult(store, result);
      await updateIndexRow(store, result);
      output.stdout(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatCompleteness(result, Boolean(current)));
    });
}
