import { describe, expect, it } from "vitest";
import { completenessSection } from "../../../runtime/dashboard/completenessSection.js";
import { validCompletenessResult } from "../analysis/validCompletenessResult.js";
import { completenessGrid } from "./completenessGrid.js";

const pic = "PIC_J2000437+224239";
const result = validCompletenessResult({
  pic,
  mlcGeneration: "12",
  ownCandidate: { periodDays: 2.2, depth: 0.024 },
  suppression: [{ durationHours: 1, periodDays: 3, suppression: 0.012 }],
  transfer: [
    { periodHours: 1, ratio: 0.99, min: 0.98, max: 1 },
    { periodHours: 4, ratio: 0.97, min: 0.95, max: 0.99 },
    { periodHours: 72, ratio: 0.05, min: 0.01, max: 0.1 },
  ],
  // Depths 1 % and 4 % at P = 1 d and 5 d, 10 trials each: all recovered at 1 d; 3 and 9 at 5 d.
  cells: completenessGrid([0.01, 0.04], [1, 5], 10, [10, 3, 10, 9]),
});

describe("the star page's completeness section", () => {
  it("draws one shaded cell per grid point with its fraction, and the star's own candidate", () => {
    const html = completenessSection(result, { pic, mlcGeneration: "12" });
    expect(html.match(/<rect [^>]*><title>P /g)).toHaveLength(4);
    expect(html).toContain("P 5.00 d, depth 1.00 %: 3 of 10 recovered");
    expect(html).toMatch(/>30%<\/text>/);
    expect(html).toMatch(/<circle id="own-candidate"[^>]*><title>this star's candidate: P 2\.200 d, depth 2\.40 %/);
    expect(html).toContain("Suppression of a transit's depth by the detrending (1 − recovered/injected): 1 h: 1.2 %");
    expect(html).not.toContain("older master light curve");
  });

  it("plots the transfer function at each period and says when the result is for an older MLC", () => {
    const html = completenessSection(result, { pic, mlcGeneration: "13" });
    const polyline = /<polyline points="([^"]+)"/.exec(html)![1]!.split(" ");
    expect(polyline).toHaveLength(3);
    // Ratios 0.99 and 0.05 on a 0–1.2 axis: the 3-day point sits far below the 1-hour one.
    const y = polyline.map((p) => Number(p.split(",")[1]));
    expect(y[2]! - y[0]!).toBeGreaterThan(100);
    expect(html).toContain("Computed for an older master light curve (generation 12)");
  });

  it("says how to compute it when nothing is stored", () => {
    expect(completenessSection(undefined, { pic, mlcGeneration: "1" })).toContain(`piaa completeness ${pic}`);
  });
});
