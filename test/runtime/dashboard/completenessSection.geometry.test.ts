/**
 * The completeness map's geometry, whatever order the cells come in: one tile per (period, depth),
 * tiles side by side without gaps or overlaps, periods growing to the right and depths upwards
 * (a deeper transit higher, as on the axis), and the depth axis's title centred on the tiles.
 */
import { describe, expect, it } from "vitest";
import { completenessSection } from "../../../runtime/dashboard/completenessSection.js";
import { validCompletenessResult } from "../analysis/validCompletenessResult.js";
import { completenessGrid } from "./completenessGrid.js";

const pic = "PIC_J2000437+224239";
const periods = [9, 1, 3];
const depths = [0.04, 0.0025, 0.01];
// Cells in neither period nor depth order, with depths listed deepest first.
const result = validCompletenessResult({
  pic,
  mlcGeneration: "5",
  suppression: [],
  transfer: [],
  cells: completenessGrid(depths, periods, 10, [0, 1, 2, 0, 1, 2, 0, 1, 2]),
});

interface Tile {
  period: number;
  depth: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function tiles(html: string): Tile[] {
  return [...html.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*><title>P ([\d.]+) d, depth ([^:]+):/g)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
    width: Number(m[3]),
    height: Number(m[4]),
    period: Number(m[5]),
    depth: m[6]!,
  }));
}

// Rendered inside each test, where a mutation run's mutant is active (not while the file is collected).
const rendered = (): string => completenessSection(result, { pic, mlcGeneration: "5" });

describe("the completeness map's tiles", () => {

  it("draws one tile per cell, tiling a grid without gaps or overlaps", () => {
    const all = tiles(rendered());
    expect(all).toHaveLength(9);
    const xs = [...new Set(all.map((t) => t.x))].sort((a, b) => a - b);
    const ys = [...new Set(all.map((t) => t.y))].sort((a, b) => a - b);
    expect(xs).toHaveLength(3);
    expect(ys).toHaveLength(3);
    const { width, height } = all[0]!;
    for (let k = 1; k < 3; k++) {
      expect(xs[k]! - xs[k - 1]!).toBeCloseTo(width, 0);
      expect(ys[k]! - ys[k - 1]!).toBeCloseTo(height, 0);
    }
  });

  it("puts longer periods to the right and deeper transits higher", () => {
    const all = tiles(rendered());
    const at = (period: number, depth: string) => all.find((t) => t.period === period && t.depth === depth)!;
    const depthLabels = [...new Set(all.map((t) => t.depth))];
    expect(depthLabels).toHaveLength(3);
    for (const depth of depthLabels) expect([at(1, depth).x < at(3, depth).x, at(3, depth).x < at(9, depth).x]).toEqual([true, true]);
    const byDepth = [...depthLabels].sort((a, b) => parseFloat(a) - parseFloat(b));
    expect(at(1, byDepth[0]!).y).toBeGreaterThan(at(1, byDepth[1]!).y);
    expect(at(1, byDepth[1]!).y).toBeGreaterThan(at(1, byDepth[2]!).y);
  });

  it("centres the depth axis's title on the tiles", () => {
    const html = rendered();
    const all = tiles(html);
    const title = /<text transform="translate\(14 ([\d.]+)\) rotate\(-90\)"[^>]*>injected depth/.exec(html);
    expect(title).not.toBeNull();
    const top = Math.min(...all.map((t) => t.y));
    const bottom = Math.max(...all.map((t) => t.y + t.height));
    expect(Number(title![1])).toBeCloseTo((top + bottom) / 2, 0);
  });
});
