/**
 * `piaa plot PIC [--out DIR]`: writes the star's plots as PNG and SVG (starPlots.ts).
 */
import { Option } from "commander";
import { piaaCommand } from "../core/commandLine.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { type CommandOutput, parsePicArgument, processOutput } from "../core/commandArguments.js";
import { readStarLightCurve } from "./analysisStore.js";
import { analyzeLightCurve } from "./analyzeMasterLightCurve.js";
import { writeStarPlots } from "./starPlots.js";

export function plotCommand(output: CommandOutput = processOutput) {
  return piaaCommand("plot", "plot a star's light curve (R, G, B against time) and its folded transit as PNG and SVG")
    .argument("<pic>", "the star, e.g. PIC_J2000437+224239", parsePicArgument)
    .addOption(new Option("--out <dir>", "directory to write the files to").default("."))
    .action(async (pic: string, options: { bucket: string; out: string }) => {
      const { mlc } = await readStarLightCurve(openObjectStore(options.bucket), pic);
      for (const file of await writeStarPlots(pic, analyzeLightCurve(mlc), options.out)) output.stdout(`${file}\n`);
    });
}
