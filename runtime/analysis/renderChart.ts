/**
 * Server-side rendering of vega-lite charts, offline: vega-lite → vega → SVG with the headless
 * `none` renderer, then SVG → PNG with resvg. resvg draws text only with fonts it is given, so
 * the DejaVu fonts (the dejavu-fonts-ttf npm package, so a fresh machine needs no system fonts;
 * Debian's fonts-dejavu-core otherwise) are loaded by path and set as the default family;
 * the charts name the same family, so SVG viewed in a browser looks the same.
 *
 * resvg is a native addon: it is imported when a PNG is first drawn, so the single-file service
 * bundles keep it external (App Engine installs it from the bundle's package.json) and a proxy
 * whose addon failed to load still handles notifications. vega and vega-lite are imported on the
 * first chart too: they cost ~2 s of CPU to load, which every `piaa` command paid before drawing
 * anything (the command line imports every command's module to list it).
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { TopLevelSpec } from "vega-lite";

export const CHART_FONT = "DejaVu Sans";
const FONT_NAMES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];
/** Debian's fonts-dejavu-core, where the npm package is not installed (a bundle without it). */
const SYSTEM_FONT_DIR = "/usr/share/fonts/truetype/dejavu";

/** The dejavu-fonts-ttf package's TrueType directory, when it can be resolved from here. */
function packagedFontDir(): string | undefined {
  try {
    return path.join(path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
  } catch {
    return undefined;
  }
}

/** DejaVu Sans files: shipped with PIAA's npm dependencies, else the system's, else none. */
export function chartFontFiles(): string[] {
  for (const dir of [packagedFontDir(), SYSTEM_FONT_DIR]) {
    if (dir === undefined) continue;
    const files = FONT_NAMES.map((name) => path.join(dir, name));
    if (files.every((file) => existsSync(file))) return files;
  }
  return [];
}

export interface RenderedChart {
  svg: string;
  png: Buffer;
}

/** Shared look of every PIAA chart. */
export const CHART_CONFIG = {
  font: CHART_FONT,
  background: "white",
  view: { stroke: "#ccc" },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: "start" },
} as const;

/** Renders a vega-lite spec to SVG and PNG (`scale` × the spec's pixel size). */
export async function renderChart(spec: TopLevelSpec, scale = 1): Promise<RenderedChart> {
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const fontFiles = chartFontFiles();
    const { Resvg } = await import("@resvg/resvg-js");
    const png = new Resvg(svg, {
      background: "white",
      fitTo: { mode: "zoom", value: scale },
      font: { fontFiles, loadSystemFonts: fontFiles.length === 0, defaultFontFamily: CHART_FONT },
    })
      .render()
      .asPng();
    return { svg, png };
  } finally {
    view.finalize();
  }
}
