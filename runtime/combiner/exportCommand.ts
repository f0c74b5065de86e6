/**
 * `piaa export PIC --format flat|csv [--out FILE]`: one master light curve in the 2016 flat
 * form or as CSV (exportMasterLightCurve.ts), to a file or to stdout.
 */
import { Option } from "commander";
import { piaaCommand } from "../core/commandLine.js";
import { loadMasterLightCurve } from "../core/loadMasterLightCurve.js";
import { writeOutput } from "../core/outputFiles.js";
import { explainMissingStar } from "../core/starPresence.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import { type CommandOutput, parsePicArgument, processOutput, STAR_ARGUMENT_HELP } from "./commandArguments.js";
import { EXPORT_FORMATS, formatExport, type ExportFormat } from "./exportMasterLightCurve.js";

export function exportCommand(output: CommandOutput = processOutput) {
  return piaaCommand("export", "write one master light curve as the 2016 flat JSON array of points, or as CSV")
    .argument("<pic>", STAR_ARGUMENT_HELP, parsePicArgument)
    .addOption(new Option("--format <format>", "flat: 2016 JSON array of points; csv: with a header").choices(EXPORT_FORMATS).default("flat"))
    .addOption(new Option("--out <file>", "write to this file instead of stdout"))
    .action(async (pic: string, options: { bucket: string; format: ExportFormat; out?: string }) => {
      const store = await openBucketForReading(options.bucket);
      const { mlc } = await explainMissingStar(store, pic, () => loadMasterLightCurve(store, pic));
      await writeOutput(formatExport(mlc, options.format), options.out, output.stdout);
    });
}
