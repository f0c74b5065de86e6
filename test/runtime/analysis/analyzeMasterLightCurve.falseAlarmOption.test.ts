import { describe, expect, it } from "vitest";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// `falseAlarm: false` switches the calibration off (injection trials rely on it: each
// calibration is 6–18 more searches); options instead of false calibrate with those options.
// Six 4-h nights: their blocks shift into far more than the 20 arrangements a calibration needs.
describe("analyzeLightCurve's falseAlarm option", () => {
  it("calibrates no false-alarm probability when it is false, and calibrates with the given options otherwise", () => {
    const star = syntheticMasterLightCurve(DASHBOARD_STARS[1]!);
    const off = analyzeLightCurve(star, { falseAlarm: false });
    expect(off.candidate).toBeDefined();
    expect(off.falseAlarm).toBeUndefined();
    const calibrated = analyzeLightCurve(star, { falseAlarm: { batch: 2, maxTrials: 2 } });
    expect(calibrated.falseAlarm?.trials).toBe(2);
    expect(calibrated.falseAlarm?.probability).toBeGreaterThan(0);
    expect(calibrated.falseAlarm?.probability).toBeLessThanOrEqual(1);
  });
});
