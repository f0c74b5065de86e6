import { describe, expect, it } from "vitest";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// `fit: false` leaves the limb-darkened fit out (injection trials rely on it); by default a
// candidate gets one. Eight nights of the synthetic star with a 2.4 %-deep box transit every 1.37 d.
describe("analyzeLightCurve's fit option", () => {
  it("fits the candidate's transit by default, and not when fit is false", () => {
    const star = syntheticMasterLightCurve(DASHBOARD_STARS[0]!);
    const fitted = analyzeLightCurve(star, { falseAlarm: false });
    expect(fitted.candidate?.periodDays).toBeCloseTo(1.37, 1);
    // Depth 2.4 %: Rp/R* near √0.024 = 0.155 (a box is not a limb-darkened transit, hence the margin).
    expect(fitted.fit?.radiusRatio.value).toBeGreaterThan(0.12);
    expect(fitted.fit?.radiusRatio.value).toBeLessThan(0.19);
    const unfitted = analyzeLightCurve(star, { falseAlarm: false, fit: false });
    expect(unfitted.candidate?.periodDays).toBe(fitted.candidate?.periodDays);
    expect(unfitted.fit).toBeUndefined();
  });
});
