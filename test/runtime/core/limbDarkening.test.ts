/**
 * The channel limb-darkening coefficients against what the quadratic law needs to describe a
 * star at all (Kipping 2013, MNRAS 435, 2152: u1 + u2 < 1, u1 > 0, u1 + 2u2 > 0, i.e. an
 * intensity positive everywhere and falling monotonically towards the limb) and against the trend
 * of Claret's (2000, A&A 363, 1081) tables: limb darkening is stronger at shorter wavelengths.
 */
import { describe, expect, it } from "vitest";
import { CHANNEL_LIMB_DARKENING } from "../../../runtime/core/limbDarkening.js";

describe("CHANNEL_LIMB_DARKENING", () => {
  it.each(["R", "G", "B"] as const)("gives channel %s a physical quadratic law", (channel) => {
    const { u1, u2 } = CHANNEL_LIMB_DARKENING[channel];
    expect(u1).toBeGreaterThan(0);
    expect(u1 + u2).toBeLessThan(1);
    expect(u1 + 2 * u2).toBeGreaterThan(0);
  });

  it("darkens the limb more in blue than in green, and more in green than in red", () => {
    // Intensity at the limb (mu = 0) relative to the centre: 1 − u1 − u2.
    const limb = (channel: "R" | "G" | "B") => 1 - CHANNEL_LIMB_DARKENING[channel].u1 - CHANNEL_LIMB_DARKENING[channel].u2;
    expect(limb("B")).toBeLessThan(limb("G"));
    expect(limb("G")).toBeLessThan(limb("R"));
  });
});
