/**
 * Plots are stored as PNG at `scale` × the chart's size (a sharper image for high-density screens
 * and reports); resvg draws at the SVG's own size unless told to zoom, so the options passed to it
 * are what makes the scale real. plots.test.ts only checks that a PNG comes out.
 */
import { describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { CHART_CONFIG, renderChart } from "../../../runtime/analysis/renderChart.js";

const tinyBars = {
  $schema: "https://vega.github.io/schema/vega-lite/v5.json",
  config: CHART_CONFIG,
  width: 120,
  height: 60,
  data: { values: [{ x: "a", y: 1 }, { x: "b", y: 3 }] },
  mark: "bar",
  encoding: { x: { field: "x", type: "nominal" }, y: { field: "y", type: "quantitative" } },
} as TopLevelSpec;

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian; PNG specification §11.2.2). */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Width and height attributes of the root <svg> element. */
function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg[^>]*>/.exec(svg)![0];
  return { width: Number(/\swidth="([\d.]+)"/.exec(root)![1]), height: Number(/\sheight="([\d.]+)"/.exec(root)![1]) };
}

describe("renderChart", () => {
  it("draws the PNG at the requested scale of the SVG's size", async () => {
    const { svg, png } = await renderChart(tinyBars, 2);
    const size = svgSize(svg);
    expect(size.width).toBeGreaterThan(120);
    const pixels = pngSize(png);
    expect(Math.abs(pixels.width - 2 * size.width)).toBeLessThanOrEqual(1);
    expect(Math.abs(pixels.height - 2 * size.height)).toBeLessThanOrEqual(1);
  });
});
