import { describe, expect, it } from "vitest";
import { measureCompleteness } from "../../../runtime/analysis/completeness.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// One 8-h night: half the baseline is below the search's shortest period (0.5 d), so no period
// can be injected for the search to find (completenessPeriods gives none).
describe("measureCompleteness of a star seen for one night", () => {
  it("injects nothing and measures neither suppression nor transfer, rather than spend the injections on a search that cannot run", () => {
    const oneNight = syntheticMasterLightCurve({ pic: "PIC_J0326137+295015", nights: 1, exposures: 288, seed: 11 });
    const result = measureCompleteness(oneNight, "1", { trials: 4 });
    expect(result.baselineDays).toBeLessThan(1);
    expect(result.cells).toEqual([]);
    expect(result.suppression).toEqual([]);
    expect(result.transfer).toEqual([]);
  });
});
