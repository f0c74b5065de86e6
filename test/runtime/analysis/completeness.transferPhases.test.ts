import { describe, expect, it } from "vitest";
import { measureTransfer } from "../../../runtime/analysis/completeness.js";
import { injectionContext } from "../../../runtime/analysis/injectionRecovery.js";
import { randomStream } from "../../../runtime/simulator/random.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// The transfer function's summary per period: the mean, smallest and largest ratio over the
// phases measured, and null (what the stored result and `piaa completeness` show as "n/a") where
// no phase gave a ratio, never NaN.
describe("measureTransfer's summary over phases", () => {
  it("gives one phase's ratio as the mean, smallest and largest, and null for all three when no phase is measured", () => {
    const star = syntheticMasterLightCurve({ pic: "PIC_J0326137+295015", nights: 2, exposures: 144, seed: 12 });
    const context = injectionContext(star, { falseAlarm: false });
    const [one] = measureTransfer(context, randomStream("test", "transfer"), { periodsHours: [1], phases: 1 });
    expect(one!.periodHours).toBe(1);
    // A 1-h sinusoid passes the detrending (completeness.test.ts: ≥ 95 %).
    expect(one!.ratio).toBeGreaterThan(0.9);
    expect(one!.ratio).toBeLessThan(1.1);
    expect([one!.min, one!.max]).toEqual([one!.ratio, one!.ratio]);

    expect(measureTransfer(context, randomStream("test", "transfer"), { periodsHours: [1, 4], phases: 0 })).toEqual([
      { periodHours: 1, ratio: null, min: null, max: null },
      { periodHours: 4, ratio: null, min: null, max: null },
    ]);
  });
});
