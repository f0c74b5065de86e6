import { describe, expect, it } from "vitest";
import { completenessSection } from "../../../runtime/dashboard/completenessSection.js";
import { validCompletenessResult } from "../analysis/validCompletenessResult.js";
import { completenessGrid } from "./completenessGrid.js";

// Layout facts of the completeness map and transfer plot a reader relies on: the period ticks
// under their cells, the transfer plot's level labels left of its frame, a result without an
// own candidate, and each suppression figure listed apart.
const pic = "PIC_J2000437+224239";
// With the fixture's transfer function of two periods (1 h and 24 h).
const result = validCompletenessResult({
  pic,
  mlcGeneration: "3",
  ownCandidate: null,
  suppression: [
    { durationHours: 1, periodDays: 3, suppression: 0.01 },
    { durationHours: 4, periodDays: 3, suppression: 0.2 },
  ],
  cells: completenessGrid([0.01, 0.04], [1, 3, 9], 5, [1, 2, 3, 1, 2, 2]),
});

const svg = (html: string, id: string) => new RegExp(`<svg id="${id}"[^>]*>(.*?)</svg>`).exec(html)![1]!;

describe("the completeness section's layout", () => {
  it("puts each period's tick label under the middle of that period's cells", () => {
    const map = svg(completenessSection(result, { pic, mlcGeneration: "3" }), "completeness-map");
    for (const [k, period] of ["1.00", "3.00", "9.00"].entries()) {
      const rect = new RegExp(`<rect x="([\\d.]+)" y="[\\d.]+" width="([\\d.]+)"[^>]*><title>P ${period} d`).exec(map)!;
      const tick = new RegExp(`<text x="([\\d.]+)" y="[\\d.]+" text-anchor="middle">${period}</text>`).exec(map)!;
      expect(Number(tick[1]), `period ${k}`).toBeCloseTo(Number(rect[1]) + Number(rect[2]) / 2, 0);
    }
  });

  it("draws no candidate circle when the star has no candidate of its own", () => {
    const html = completenessSection(result, { pic, mlcGeneration: "3" });
    expect(html).not.toContain("own-candidate");
    expect(html).not.toContain("red circle");
  });

  it("labels the transfer plot's levels left of its frame", () => {
    const plot = svg(completenessSection(result, { pic, mlcGeneration: "3" }), "transfer-function");
    const frameX = Number(/<rect x="([\d.]+)"/.exec(plot)![1]);
    const labels = [...plot.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="end">(0|0\.5|0\.95|1)<\/text>/g)];
    expect(labels).toHaveLength(4);
    for (const label of labels) expect(Number(label[1])).toBeLessThan(frameX);
  });

  it("lists each transit duration's suppression apart, and says when 50 % is not reached", () => {
    const html = completenessSection(result, { pic, mlcGeneration: "3" });
    expect(html).toContain("(1 − recovered/injected): 1 h: 1.0 %, 4 h: 20.0 %.");
    expect(html).toContain("50 % completeness near P = 3 d: not reached.");
  });
});
