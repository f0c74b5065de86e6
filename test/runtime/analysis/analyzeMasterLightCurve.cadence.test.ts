import { describe, expect, it } from "vitest";
import { medianCadenceS } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// The cadence CDPP's window is counted in (cdpp.ts cadencesFor: 0 means unknown, one cadence):
// spacings within a segment only, since the gap between two cameras' or nights' segments is not
// a cadence.
describe("medianCadenceS", () => {
  it("is the spacing of consecutive exposures within segments (100 s here), not across them", () => {
    expect(medianCadenceS(syntheticMasterLightCurve({ ...DASHBOARD_STARS[2]!, nights: 2, exposures: 5 }))).toBe(100);
  });

  it("is 0 (unknown) when every segment holds a single point", () => {
    expect(medianCadenceS(syntheticMasterLightCurve({ ...DASHBOARD_STARS[2]!, nights: 2, exposures: 1 }))).toBe(0);
  });
});
