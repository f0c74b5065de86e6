/**
 * `piaa export PIC --format flat|csv [--out FILE]`: one master light curve in the 2016 flat
 * form or as CSV (exportMasterLightCurve.ts), to a file or to stdout.
 */
import { writeFile } from "node:fs/promises";
import { Option } from "commander";
import { piaaCommand } from "../core/commandLine.js";
import { NotFoundError } from "../core/errors.js";
import { loadMasterLightCurve } from "../core/loadMasterLightCurve.js";
import { masterLightCurveName } from "../core/objectNames.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { type CommandOutput, parsePicArgument, processOutput } from "../core/commandArguments.js";
import { EXPORT_FORMATS, formatExport, type ExportFormat } from "./exportMasterLightCurve.js";

export function exportCommand(output: CommandOutput = processOutput) {
  return piaaCommand("export", "write one master light curve as the 2016 flat JSON array of points, or as CSV")
    .argument("<pic>", "the star, e.g. PIC_J0326137+295015", parsePicArgument)
    .addOption(new Option("--format <format>", "flat: 2016 JSON array of points; csv: with a header").choices(EXPORT_FORMATS).default("flat"))
    .addOption(new Option("--out <file>", "write to this file instead of stdout"))
    .action(async (pic: string, options: { bucket: string; format: ExportFormat; out?: string }) => {
      const store = openObjectStore(options.bucket);
      const name = masterLightCurveName(pic);
      const { mlc } = await loadMasterLightCurve(store, pic).catch((error: unknown) => {
        if (error instanceof NotFoundError) throw new NotFoundError(`${name} (no master light curve yet: run piaa combine ${pic})`);
        throw error;
      });
      const text = formatExport(mlc, options.format);
      if (options.out) await writeFile(options.out, text);
      else output.stdout(text);
    });
}
