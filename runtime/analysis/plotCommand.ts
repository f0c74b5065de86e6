/**
 * `piaa plot PIC [--out DIR]`: writes the star's plots (plots.ts) as PNG and SVG:
 * `{pic}.lightcurve.{png,svg}` and `{pic}.folded.{png,svg}`.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { Option } from "commander";
import { piaaCommand } from "../core/commandLine.js";
import { openObjectStore } from "../core/store/openObjectStore.js";
import { type CommandOutput, parsePicArgument, processOutput } from "../combiner/commandArguments.js";
import { readStarLightCurve } from "./analysisStore.js";
import { analyzeLightCurve } from "./analyzeMasterLightCurve.js";
import { PLOT_KINDS, renderPlot } from "./plots.js";

export function plotCommand(output: CommandOutput = processOutput) {
  return piaaCommand("plot", "plot a star's light curve (R, G, B against time) and its folded transit as PNG and SVG")
    .argument("<pic>", "the star, e.g. PIC_J2000437+224239", parsePicArgument)
    .addOption(new Option("--out <dir>", "directory to write the files to").default("."))
    .action(async (pic: string, options: { bucket: string; out: string }) => {
      const { mlc } = await readStarLightCurve(openObjectStore(options.bucket), pic);
      const analysis = analyzeLightCurve(mlc);
      await mkdir(options.out, { recursive: true });
      for (const kind of PLOT_KINDS) {
        const chart = await renderPlot(kind, pic, analysis);
        for (const [extension, data] of [["png", chart.png], ["svg", chart.svg]] as const) {
          const file = path.join(options.out, `${pic}.${kind}.${extension}`);
          await writeFile(file, data);
          output.stdout(`${file}\n`);
        }
      }
    });
}
