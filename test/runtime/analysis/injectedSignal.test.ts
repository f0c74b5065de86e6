import { describe, expect, it } from "vitest";
import { centralTransit, centralTransitDurationDays, injectSignal, pointTimesBjd, signalFlux, solarDensitySemiMajorAxis, withoutPoints } from "../../../runtime/analysis/injectedSignal.js";
import { CHANNEL_LIMB_DARKENING } from "../../../runtime/core/limbDarkening.js";
import { transitFluxAt } from "../../../runtime/core/transitModel.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const mlc = syntheticMasterLightCurve({ pic: "PIC_J0326137+295015", nights: 2, exposures: 72, seed: 3 });

describe("injected signals", () => {
  it("a central transit lasts the duration asked for, first to fourth contact", () => {
    const transit = centralTransit(3, 100, 0.1, 2 / 24);
    expect(centralTransitDurationDays(transit)).toBeCloseTo(2 / 24, 10);
    const flux = signalFlux(transit, [100 - 0.99 / 24, 100 - 1.01 / 24, 100, 103]);
    expect(flux.G[0]).toBeLessThan(1);
    expect(flux.G[1]).toBe(1);
    // Mid-transit of a central transit is deeper than (Rp/R*)² with limb darkening, deepest in B.
    expect(flux.G[2]).toBeLessThan(1 - 0.01);
    expect(flux.B[2]).toBeLessThan(flux.R[2]!);
    expect(flux.G[3]).toBeLessThan(1 - 0.01);
  });

  it("a Sun-density star puts a 1-year planet at 215 R☉ and a 1-day one where Kepler's third law does", () => {
    expect(solarDensitySemiMajorAxis(365.25)).toBeCloseTo(215.03, 6);
    // (GM☉·P²/4π²)^(1/3)/R☉ with the IAU 2015 nominal GM☉ = 1.3271244e20 m³ s⁻², R☉ = 6.957e8 m.
    const kepler = Math.cbrt((1.3271244e20 * 86_400 ** 2) / (4 * Math.PI ** 2)) / 6.957e8;
    expect(solarDensitySemiMajorAxis(1)).toBeCloseTo(kepler, 2);
  });

  it("multiplies each channel's flux and sigma by that channel's limb-darkened model at the point's BJD_TDB", () => {
    const time = pointTimesBjd(mlc);
    const epoch = time[40]!;
    const transit = centralTransit(1.5, epoch, 0.15, 3 / 24);
    const injected = injectSignal(mlc, transit);
    for (const [channel, sigma] of [["R", "sig_r"], ["G", "sig_g"], ["B", "sig_b"]] as const) {
      const model = transitFluxAt(time[40]!, { ...transit, ...CHANNEL_LIMB_DARKENING[channel] });
      expect(model).toBeLessThan(0.98);
      expect(injected.points[channel][40]).toBeCloseTo(mlc.points[channel][40]! * model, 12);
      expect(injected.points[sigma][40]).toBeCloseTo(mlc.points[sigma][40]! * model, 12);
      expect(injected.points[channel].at(-1)).toBe(mlc.points[channel].at(-1)); // the second night, 1 d on: out of transit
    }
    expect(injected.points.time).toBe(mlc.points.time);
    expect(mlc.points.G[40]).not.toBe(injected.points.G[40]);
  });

  it("a sinusoid multiplies every channel alike", () => {
    const time = pointTimesBjd(mlc);
    const signal = { kind: "sinusoid" as const, periodDays: 0.1, amplitude: 0.01, phase: 0, epochBjd: time[0]! };
    const injected = injectSignal(mlc, signal);
    const k = 3; // 300 s after the first point: a twentieth of a 2.4-h period
    const factor = 1 + 0.01 * Math.sin((2 * Math.PI * (time[k]! - time[0]!)) / 0.1);
    for (const channel of ["R", "G", "B"] as const) expect(injected.points[channel][k]! / mlc.points[channel][k]!).toBeCloseTo(factor, 12);
  });

  it("withoutPoints drops the same points from every column", () => {
    const drop = Uint8Array.from(mlc.points.time, (_, i) => (i % 3 === 0 ? 1 : 0));
    const kept = withoutPoints(mlc, drop);
    for (const column of Object.keys(mlc.points) as (keyof typeof mlc.points)[]) {
      expect(kept.points[column]).toEqual(mlc.points[column].filter((_, i) => i % 3 !== 0));
    }
    expect(kept.segments).toBe(mlc.segments);
  });
});
