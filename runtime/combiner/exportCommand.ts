/**
 * `piaa export PIC --format flat|csv|ecsv|fits [--out FILE] [--detrended]`: one master light
 * curve in the 2016 flat form or as a table with BJD_TDB times (exportMasterLightCurve.ts), to a
 * file or to stdout.
 */
import { Option } from "commander";
import { piaaCommand, UsageError } from "../core/commandLine.js";
import { loadMasterLightCurve } from "../core/loadMasterLightCurve.js";
import { writeOutput } from "../core/outputFiles.js";
import { explainMissingStar } from "../core/starPresence.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import { type CommandOutput, parsePicArgument, processOutput, STAR_ARGUMENT_HELP } from "../core/commandArguments.js";
import { DETRENDED_FORMATS, EXPORT_FORMATS, formatExport, type ExportFormat } from "./exportMasterLightCurve.js";

const FORMAT_HELP =
  "flat: 2016 JSON array of points; csv: with BJD_TDB, unit and camera columns and a commented header; " +
  "ecsv: astropy TimeSeries (BJD_TDB, units, metadata); fits: primary HDU + BINTABLE with FITS time keywords";

export function exportCommand(output: CommandOutput = processOutput) {
  return piaaCommand("export", "write one master light curve as the 2016 flat JSON array of points, or as CSV, ECSV or FITS with BJD_TDB times")
    .argument("<pic>", STAR_ARGUMENT_HELP, parsePicArgument)
    .addOption(new Option("--format <format>", FORMAT_HELP).choices(EXPORT_FORMATS).default("flat"))
    .addOption(new Option("--out <file>", "write to this file instead of stdout"))
    .addOption(new Option("--detrended", "add the analysis' normalised detrended flux per channel and the best candidate's in-transit mask (csv, ecsv, fits)"))
    .action(async (pic: string, options: { bucket: string; format: ExportFormat; out?: string; detrended?: boolean }) => {
      if (options.detrended && !DETRENDED_FORMATS.includes(options.format)) {
        throw new UsageError(`--detrended needs --format ${DETRENDED_FORMATS.join(", ")} (the ${options.format} form keeps the 2016 fields only)`);
      }
      const store = await openBucketForReading(options.bucket);
      const { mlc, generation } = await explainMissingStar(store, pic, () => loadMasterLightCurve(store, pic));
      await writeOutput(formatExport(mlc, options.format, { mlcGeneration: generation, detrended: options.detrended }), options.out, output.stdout);
    });
}
