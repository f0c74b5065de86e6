/**
 * Server-side rendering of vega-lite charts, offline: vega-lite → vega → SVG with the headless
 * `none` renderer, then SVG → PNG with resvg. resvg draws text only with fonts it is given, so
 * the DejaVu fonts (Debian fonts-dejavu-core) are loaded by path and set as the default family;
 * the charts name the same family, so SVG viewed in a browser looks the same.
 *
 * resvg is a native addon: it is imported when a PNG is first drawn, so the single-file service
 * bundles keep it external (App Engine installs it from the bundle's package.json) and a proxy
 * whose addon failed to load still handles notifications.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export const CHART_FONT = "DejaVu Sans";
const FONT_DIR = "/usr/share/fonts/truetype/dejavu";
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((file) => path.join(FONT_DIR, file));

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
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const fontFiles = FONT_FILES.filter((file) => existsSync(file));
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
