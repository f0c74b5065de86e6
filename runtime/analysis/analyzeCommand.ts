/**
 * `piaa analyze PIC [--json]`: brings the star's stored analysis, plots and index row up to its
 * MLC (computing only when the MLC changed since the stored analysis) and reports it; `--json`
 * prints the design §7 shape. `piaa analyze --all [--concurrency N] [--json]` does the same for
 * every star, for batch use and backfills, with progress on stderr.
 */
import { Option } from "commander";
import { jsonOption, piaaCommand, positiveInteger, UsageError } from "../core/commandLine.js";
import { type CommandOutput, parsePicArgument, processOutput, STAR_ARGUMENT_HELP, stderrProgress } from "../core/commandArguments.js";
import { forEachLimited } from "../core/forEachLimited.js";
import { analysisName } from "../core/objectNames.js";
import { missingMasterLightCurveError } from "../core/starPresence.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { refreshStar, type RefreshOutcome } from "../analyzer/refreshStar.js";
import { createStarIndexWriter } from "../analyzer/starIndexWriter.js";
import { analysisReport, type AnalysisDocument } from "./analysisDocument.js";
import { listStars } from "./analysisStore.js";
import { aliasTexts, falseAlarmText } from "./candidateText.js";

const ppm = (value: number | null): string => (value === null ? "n/a" : `${Math.round(value)} ppm`);

/** The human-readable report of an analysis. */
export function formatAnalysis(document: AnalysisDocument, cached: boolean): string {
  const { pic, name, points, segments, units, cdppPpm, bls } = document;
  const lines = [
    `${pic}${name ? ` (${name})` : ""}: ${points} points in ${segments} segments from ${units.length} unit${units.length === 1 ? "" : "s"} (${units.join(", ")})`,
    `  ${analysisName(pic)}: ${cached ? "up to date" : "computed"} for MLC generation ${document.mlcGeneration}`,
    `  CDPP (1 h): R ${ppm(cdppPpm.R)}, G ${ppm(cdppPpm.G)}, B ${ppm(cdppPpm.B)}`,
    bls
      ? `  best transit candidate: P = ${bls.periodDays.toFixed(5)} d, epoch BJD_TDB ${bls.epochBjd.toFixed(5)}, ` +
        `duration ${bls.durationHours.toFixed(2)} h, depth ${(bls.depth * 100).toFixed(3)} %, SNR ${bls.snr.toFixed(1)}, SDE ${bls.sde.toFixed(1)}, ` +
        `${falseAlarmText(bls)}${document.candidate ? " (a candidate)" : ""}`
      : "  no transit candidate (too little data for a search)",
    ...(bls ? aliasTexts(bls).map((text) => `  ${text}`) : []),
  ];
  return `${lines.join("\n")}\n`;
}

export interface AnalyzeAllSummary {
  stars: number;
  analysed: number;
  current: number;
  errors: { pic: string; error: string }[];
  removed: number;
}

/** Refreshes every star with an MLC, `concurrency` at a time; `progress(done, total)` after each. */
export async function analyzeAll(store: ObjectStore, concurrency: number, progress: (done: number, total: number) => void): Promise<AnalyzeAllSummary> {
  const stars = await listStars(store);
  const index = createStarIndexWriter(store);
  const summary: AnalyzeAllSummary = { stars: stars.length, analysed: 0, current: 0, errors: [], removed: 0 };
  let done = 0;
  await forEachLimited(stars, concurrency, async ({ pic }) => {
    const outcome: RefreshOutcome = await refreshStar({ store, index }, pic);
    if (outcome.status === "error") summary.errors.push({ pic, error: outcome.error });
    else if (outcome.status === "removed") summary.removed += 1;
    else summary[outcome.status] += 1;
    progress(++done, stars.length);
  });
  return summary;
}

function formatAnalyzeAll(summary: AnalyzeAllSummary): string {
  const errors = summary.errors.map((e) => `  ${e.pic}: ${e.error}\n`).join("");
  return `${summary.stars} stars: ${summary.analysed} analysed, ${summary.current} already current, ${summary.errors.length} could not be analysed\n${errors}`;
}

export function analyzeCommand(output: CommandOutput = processOutput) {
  return piaaCommand("analyze", "analyse master light curves (noise, BLS transit search); stores ANALYSIS/{pic}.json, the plots and the star index row")
    .argument("[pic]", `${STAR_ARGUMENT_HELP} (or --all)`, parsePicArgument)
    .addOption(new Option("--all", "every star whose stored analysis is not current"))
    .addOption(new Option("--concurrency <n>", "stars analysed at once with --all").argParser(positiveInteger("--concurrency")).default(2))
    .addOption(jsonOption())
    .addOption(new Option("--force", "recompute even when the stored analysis is current (one star)"))
    .action(async (pic: string | undefined, options: { bucket: string; all?: boolean; concurrency: number; json?: boolean; force?: boolean }) => {
      if ((pic === undefined) === !options.all) throw new UsageError("analyze takes either a PIC id or --all");
      const store = await openBucketForReading(options.bucket);
      if (options.all) {
        const summary = await analyzeAll(store, options.concurrency, stderrProgress(output, "analysed"));
        output.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatAnalyzeAll(summary));
        return;
      }
      const outcome = await refreshStar({ store, index: createStarIndexWriter(store) }, pic!, { force: options.force });
      if (outcome.status === "removed") throw await missingMasterLightCurveError(store, pic!);
      if (outcome.status === "error") throw new UsageError(`${pic}: cannot be analysed: ${outcome.error}`);
      const { document } = outcome;
      output.stdout(options.json ? `${JSON.stringify(analysisReport(document), null, 2)}\n` : formatAnalysis(document, outcome.status === "current"));
    });
}
