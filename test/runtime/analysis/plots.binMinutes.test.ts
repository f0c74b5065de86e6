/**
 * The light-curve plot's bin width (plots.ts, binMinutes): the first of `minutes`, doubled as
 * often as needed, whose bins of the observation times number at most `maxBins` — so a long light
 * curve is drawn with a bounded number of binned points. Times sit mid-bin (a minute and a half
 * apart) so that no floating-point rounding decides which bin a point falls in.
 */
import { describe, expect, it } from "vitest";
import { binMinutes } from "../../../runtime/analysis/plots.js";

const ORIGIN_BJD = 2_461_000.25;
const atMinutes = (...minutes: number[]) => Float64Array.from(minutes, (m) => ORIGIN_BJD + m / 1440);

describe("binMinutes", () => {
  it("keeps the width when its bins are exactly maxBins", () => {
    expect(binMinutes(atMinutes(0, 1.5, 3), 1, 3)).toBe(1); // bins 0, 1, 3
  });

  it("doubles the width until the bins are no more than maxBins", () => {
    expect(binMinutes(atMinutes(0, 1.5, 3), 1, 2)).toBe(2); // width 1: bins 0, 1, 3; width 2: bins 0, 0, 1
    expect(binMinutes(atMinutes(0, 1.5, 3, 4.5, 6, 7.5), 1, 2)).toBe(4); // width 2: 4 bins; width 4: 0, 0, 0, 1, 1, 1
  });

  it("does not depend on the order of the times", () => {
    expect(binMinutes(atMinutes(3, 0, 1.5), 1, 2)).toBe(2);
  });
});
