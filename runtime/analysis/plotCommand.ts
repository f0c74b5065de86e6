/**
 * `piaa plot PIC [--out DIR]`: writes the star's plots as PNG and SVG (starPlots.ts).
 */
import { Option } from "commander";
import { piaaCommand } from "../core/commandLine.js";
import { explainMissingStar } from "../core/starPresence.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import { type CommandOutput, parsePicArgument, processOutput, STAR_ARGUMENT_HELP } from "../core/commandArguments.js";
import { readStarLightCurve } from "./analysisStore.js";
import { analyzeLightCurve } from "./analyzeMasterLightCurve.js";
import { writeStarPlots } from "./starPlots.js";

export function plotCommand(output: CommandOutput = processOutput) {
  return piaaCommand("plot", "plot a star's light curve (R, G, B against time) and its folded transit as PNG and SVG")
    .argument("<pic>", STAR_ARGUMENT_HELP, parsePicArgument)
    .addOption(new Option("--out <dir>", "directory to write the files to (created if missing)").default("."))
    .action(async (pic: string, options: { bucket: string; out: string }) => {
      const store = await openBucketForReading(options.bucket);
      const { mlc } = await explainMissingStar(store, pic, () => readStarLightCurve(store, pic));
      for (const file of await writeStarPlots(pic, analyzeLightCurve(mlc), options.out)) output.stdout(`${file}\n`);
    });
}
