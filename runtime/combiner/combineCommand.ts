/**
 * `piaa combine PIC`: rebuild one master light curve from LC/{pic}/ (rebuildMasterLightCurve.ts).
 * Segments that cannot be merged are listed on stderr; the others are merged regardless. A star
 * the bucket has neither segments nor an MLC of is refused (an empty MLC would list a 0-point star).
 */
import { jsonOption, piaaCommand } from "../core/commandLine.js";
import { masterLightCurveName } from "../core/objectNames.js";
import { hasMasterLightCurve, hasSegments, noSuchStarError } from "../core/starPresence.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import { type CommandOutput, parsePicArgument, processOutput, STAR_ARGUMENT_HELP, stderrProgress } from "../core/commandArguments.js";
import { readSegmentLimits } from "./config.js";
import { rebuildMasterLightCurve } from "./rebuildMasterLightCurve.js";

export function combineCommand(output: CommandOutput = processOutput) {
  return piaaCommand("combine", "rebuild one master light curve (MLC/{pic}.json) from every segment under LC/{pic}/")
    .argument("<pic>", STAR_ARGUMENT_HELP, parsePicArgument)
    .addOption(jsonOption())
    .action(async (pic: string, options: { bucket: string; json?: boolean }) => {
      const store = await openBucketForReading(options.bucket);
      if (!(await hasSegments(store, pic)) && !(await hasMasterLightCurve(store, pic))) throw noSuchStarError(store, pic);
      const result = await rebuildMasterLightCurve(store, pic, { onProgress: stderrProgress(output, `combine ${pic}: segments read`), segmentLimits: readSegmentLimits() });
      const invalid = result.invalid.map((error) => ({ object: error.objectName, message: error.message }));
      if (options.json) {
        output.stdout(`${JSON.stringify({ ...result, invalid }, null, 2)}\n`);
        return;
      }
      for (const { message } of invalid) output.stderr(`piaa: skipped: ${message}\n`);
      if (result.replacedInvalidDocument) output.stderr(`piaa: replaced ${result.replacedInvalidDocument}\n`);
      const what = `${masterLightCurveName(pic)}: ${result.segments} segments, ${result.points} points`;
      output.stdout(`${what} (${result.written ? `written, generation ${result.mlcGeneration}` : "already up to date"})\n`);
    });
}
