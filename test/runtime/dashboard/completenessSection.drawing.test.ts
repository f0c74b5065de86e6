import { describe, expect, it } from "vitest";
import { completenessSection } from "../../../runtime/dashboard/completenessSection.js";
import { validCompletenessResult } from "../analysis/validCompletenessResult.js";
import { completenessGrid } from "./completenessGrid.js";

// Drawing facts of the completeness map and transfer plot: everything inside the SVG, nothing but
// elements in it, the own candidate marked at its grid cell, readable cell labels, the dashed 95%
// level, tick labels under the frame, and no plot from a single transfer point.
const pic = "PIC_J2000437+224239";
const result = validCompletenessResult({
  pic,
  mlcGeneration: "3",
  ownCandidate: { periodDays: 3, depth: 0.04 },
  transfer: [
    { periodHours: 1, ratio: 0.99, min: 0.98, max: 1 },
    { periodHours: 6, ratio: 0.8, min: 0.7, max: 0.9 },
    { periodHours: 24, ratio: 0.4, min: 0.3, max: 0.5 },
  ],
  cells: completenessGrid([0.01, 0.04], [1, 3, 9], 5, [0, 1, 2, 5, 4, 3]),
});

/** One drawing of the section, rendered inside the test calling it (where a mutation run's mutant is active). */
function svgOf(id: string): { width: number; height: number; body: string } {
  const html = completenessSection(result, { pic, mlcGeneration: "3" });
  const match = new RegExp(`<svg id="${id}"[^>]* width="([\\d.]+)" height="([\\d.]+)"[^>]*>(.*?)</svg>`).exec(html)!;
  return { width: Number(match[1]), height: Number(match[2]), body: match[3]! };
}
const numbers = (body: string, attribute: string): number[] => [...body.matchAll(new RegExp(` ${attribute}="([^"]*)"`, "g"))].map((m) => Number(m[1]));

describe("the completeness section's drawings", () => {
  it("hold only elements, every coordinate a number inside the SVG", () => {
    for (const id of ["completeness-map", "transfer-function"]) {
      const { width, height, body } = svgOf(id);
      expect(body.replace(/<(text|title)\b[^>]*>[^<]*<\/\1>/g, "").replace(/<[^>]+>/g, ""), id).toBe("");
      const inside = (attributes: string[], size: number) => {
        for (const v of attributes.flatMap((attribute) => numbers(body, attribute))) {
          expect(v, id).toBeGreaterThanOrEqual(0);
          expect(v, id).toBeLessThanOrEqual(size);
        }
      };
      inside(["x", "x1", "x2", "cx"], width);
      inside(["y", "y1", "y2", "cy"], height);
    }
  });

  it("marks the star's own candidate at the centre of its grid cell", () => {
    const { body } = svgOf("completeness-map");
    const cell = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*><title>P 3\.00 d, depth 4/.exec(body)!;
    const circle = /<circle id="own-candidate" cx="([\d.]+)" cy="([\d.]+)"/.exec(body)!;
    expect(Number(circle[1])).toBeCloseTo(Number(cell[1]) + Number(cell[3]) / 2, 0);
    expect(Number(circle[2])).toBeCloseTo(Number(cell[2]) + Number(cell[4]) / 2, 0);
  });

  it("writes a cell's label in white on dark (mostly recovered) cells and in black on light ones", () => {
    const { body } = svgOf("completeness-map");
    const fillOf = (label: string) => new RegExp(`fill="(\\w+)">${label}</text>`).exec(body)![1];
    expect([fillOf("100%"), fillOf("80%"), fillOf("60%")]).toEqual(["white", "white", "white"]);
    expect([fillOf("0%"), fillOf("20%"), fillOf("40%")]).toEqual(["black", "black", "black"]);
  });

  it("dashes the 95% level only, and puts the period labels under the plot's frame", () => {
    const { body } = svgOf("transfer-function");
    const frame = /<rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/.exec(body)!;
    const bottom = Number(frame[1]) + Number(frame[2]);
    const levels = [...body.matchAll(/<line [^>]*stroke-dasharray="([^"]*)"\/><text [^>]*>([\d.]+)<\/text>/g)].map((m) => [m[2], m[1]]);
    expect(levels).toEqual([["0", ""], ["0.5", ""], ["0.95", "4 3"], ["1", ""]]);
    for (const hours of ["1", "6", "24"]) {
      const label = new RegExp(`<text x="[\\d.]+" y="([\\d.]+)" text-anchor="middle">${hours}</text>`).exec(body)!;
      expect(Number(label[1]), `${hours} h`).toBeGreaterThan(bottom);
    }
  });

  it("draws no transfer plot from a single point", () => {
    const one = completenessSection({ ...result, transfer: [result.transfer[0]!] }, { pic, mlcGeneration: "3" });
    expect(one).toContain("<p>No transfer function: too little data.</p>");
    expect(one).not.toContain('id="transfer-function"');
  });
});
