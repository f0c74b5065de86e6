/**
 * `piaa analyze PIC [--json]`: the star's analysis (analysisStore.ts), computed only when its MLC
 * changed since the stored one, with a short report; `--json` prints the design §7 shape.
 */
import { Option } from "commander";
import { jsonOption, piaaCommand } from "../core/commandLine.js";
import { analysisName } from "../core/objectNames.js";
import { explainMissingStar } from "../core/starPresence.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import { type CommandOutput, parsePicArgument, processOutput, STAR_ARGUMENT_HELP } from "../combiner/commandArguments.js";
import { analysisReport, type AnalysisDocument } from "./analysisDocument.js";
import { analyzeStar } from "./analysisStore.js";

const ppm = (value: number | null): string => (value === null ? "n/a" : `${Math.round(value)} ppm`);

/** The human-readable report of an analysis. */
export function formatAnalysis(document: AnalysisDocument, cached: boolean): string {
  const { pic, points, segments, units, cdppPpm, bls } = document;
  const lines = [
    `${pic}: ${points} points in ${segments} segments from ${units.length} unit${units.length === 1 ? "" : "s"} (${units.join(", ")})`,
    `  ${analysisName(pic)}: ${cached ? "up to date" : "computed"} for MLC generation ${document.mlcGeneration}`,
    `  CDPP (1 h): R ${ppm(cdppPpm.R)}, G ${ppm(cdppPpm.G)}, B ${ppm(cdppPpm.B)}`,
    bls
      ? `  best transit candidate: P = ${bls.periodDays.toFixed(5)} d, epoch BJD_TDB ${bls.epochBjd.toFixed(5)}, ` +
        `duration ${bls.durationHours.toFixed(2)} h, depth ${(bls.depth * 100).toFixed(3)} %, SNR ${bls.snr.toFixed(1)}, SDE ${bls.sde.toFixed(1)}`
      : "  no transit candidate (too little data for a search)",
  ];
  return `${lines.join("\n")}\n`;
}

export function analyzeCommand(output: CommandOutput = processOutput) {
  return piaaCommand("analyze", "analyse a star's master light curve: noise (CDPP) and a BLS transit search; writes MLC/{pic}.analysis.json")
    .argument("<pic>", STAR_ARGUMENT_HELP, parsePicArgument)
    .addOption(jsonOption())
    .addOption(new Option("--force", "recompute even when the stored analysis is current"))
    .action(async (pic: string, options: { bucket: string; json?: boolean; force?: boolean }) => {
      const store = await openBucketForReading(options.bucket);
      const { document, cached } = await explainMissingStar(store, pic, () => analyzeStar(store, pic, { force: options.force }));
      output.stdout(options.json ? `${JSON.stringify(analysisReport(document), null, 2)}\n` : formatAnalysis(document, cached));
    });
}
