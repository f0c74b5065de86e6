/**
 * `piaa export PIC --format flat|csv|ecsv|fits [--out FILE] [--detrended]`: one master light
 * curve in the 2016 flat form or as a table with BJD_TDB times (exportMasterLightCurve.ts), to a
 * file or to stdout.
 */
import { writeFile } from "node:fs/promises";
import { Option } from "commander";
import { piaaCommand, UsageError } from "../core/commandLine.js";
import { NotFoundError } from "../core/errors.js";
import { loadMasterLightCurve } from "../core/loadMasterLightCurve.js";
import { masterLightCurveName } from "../core/objectNames.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { type CommandOutput, parsePicArgument, processOutput } from "../core/commandArguments.js";
import { DETRENDED_FORMATS, EXPORT_FORMATS, formatExport, type ExportFormat } from "./exportMasterLightCurve.js";

const FORMAT_HELP =
  "flat: 2016 JSON array of points; csv: with BJD_TDB, unit and camera columns and a commented header; " +
  "ecsv: astropy TimeSeries (BJD_TDB, units, metadata); fits: primary HDU + BINTABLE with FITS time keywords";

export function exportCommand(output: CommandOutput = processOutput) {
  return piaaCommand("export", "write one master light curve as the 2016 flat JSON array of points, or as CSV, ECSV or FITS with BJD_TDB times")
    .argument("<pic>", "the star, e.g. PIC_J0326137+295015", parsePicArgument)
    .addOption(new Option("--format <format>", FORMAT_HELP).choices(EXPORT_FORMATS).default("flat"))
    .addOption(new Option("--out <file>", "write to this file instead of stdout"))
    .addOption(new Option("--detrended", "add the analysis' normalised detrended flux per channel and the best candidate's in-transit mask (csv, ecsv, fits)"))
    .action(async (pic: string, options: { bucket: string; format: ExportFormat; out?: string; detrended?: boolean }) => {
      if (options.detrended && !DETRENDED_FORMATS.includes(options.format)) {
        throw new UsageError(`--detrended needs --format ${DETRENDED_FORMATS.join(", ")} (the ${options.format} form keeps the 2016 fields only)`);
      }
      const store = openObjectStore(options.bucket);
      const name = masterLightCurveName(pic);
      const { mlc, generation } = await loadMasterLightCurve(store, pic).catch((error: unknown) => {
        if (error instanceof NotFoundError) throw new NotFoundError(`${name} (no master light curve yet: run piaa combine ${pic})`);
        throw error;
      });
      const text = formatExport(mlc, options.format, { mlcGeneration: generation, detrended: options.detrended });
      if (options.out) await writeFile(options.out, text);
      else output.stdout(text);
    });
}
