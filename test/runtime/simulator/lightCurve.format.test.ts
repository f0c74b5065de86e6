/**
 * The simulated segments' number format (Python's repr(float), as the 2016 units wrote with
 * json.dumps: https://docs.python.org/3/library/functions.html#repr gives `100.0`, `1e-07`,
 * `1.5e+21`), a star without a planet, and a one-exposure segment.
 */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../runtime/core/catalog.js";
import type { LightCurvePoint } from "../../../runtime/core/lightCurveSegment.js";
import { lightCurvePoints, modelFlux, serializeLightCurve } from "../../../runtime/simulator/lightCurve.js";
import { randomStream } from "../../../runtime/simulator/random.js";

const point: LightCurvePoint = { time: "2016-07-24T03:00:00.000000", exptime: 100, R: 1, G: 1e-7, B: 1.5e21, sig_r: 0.01, sig_g: 0.006, sig_b: 0.017 };

describe("serializeLightCurve", () => {
  it("writes floats as Python does: a whole number with .0, a two-digit exponent", () => {
    expect(serializeLightCurve([point]).toString()).toBe(
      '[{"time": "2016-07-24T03:00:00.000000", "exptime": 100.0, "R": 1.0, "G": 1e-07, "B": 1.5e+21, "sig_r": 0.01, "sig_g": 0.006, "sig_b": 0.017}]',
    );
    expect(serializeLightCurve([point, { ...point, G: 2.5e-8 }]).toString()).toMatch(/\}, \{"time": .*"G": 2\.5e-08, /);
    expect(serializeLightCurve([]).toString()).toBe("[]");
  });

  it("refuses a non-finite number, which JSON cannot carry", () => {
    expect(() => serializeLightCurve([{ ...point, R: Number.NaN }])).toThrow("not a finite number: NaN");
    expect(() => serializeLightCurve([{ ...point, B: Number.POSITIVE_INFINITY }])).toThrow(RangeError);
  });
});

describe("modelFlux and lightCurvePoints", () => {
  const vega = CATALOG.find((s) => s.id === "vega")!;
  const hd189733 = CATALOG.find((s) => s.id === "hd189733")!;

  it("is flat for a star without a planet, and dips in every channel at a planet's mid-transit", () => {
    expect(modelFlux(vega, hd189733.planet!.epochBjd)).toEqual({ R: 1, G: 1, B: 1 });
    const mid = modelFlux(hd189733, hd189733.planet!.epochBjd);
    for (const channel of ["R", "G", "B"] as const) expect(mid[channel]).toBeLessThan(0.99);
    expect(modelFlux(hd189733, hd189733.planet!.epochBjd + hd189733.planet!.periodDays / 2)).toEqual({ R: 1, G: 1, B: 1 });
  });

  it("makes one point for a one-exposure segment at a mid-transit, dipped", () => {
    // The exposure's middle at the catalog ephemeris' 1000th transit (its epoch read as Unix time), no noise.
    const epochUnixS = (hd189733.planet!.epochBjd - 2_440_587.5) * 86_400;
    const t = epochUnixS + 1000 * hd189733.planet!.periodDays * 86_400;
    const noNoise = { next: () => 0.5, uniform: () => 0, integer: () => 0, gaussian: () => 0, pick: <T>(items: readonly T[]) => items[0]! };
    const [only, ...rest] = lightCurvePoints({ unit: "PAN000", camera: "108715", star: hd189733, start: "", timesUnixS: [t - 50], exptimeS: 100 }, noNoise);
    expect(rest).toEqual([]);
    // The barycentric correction is at most ±8.3 min: still inside the 1.8-h transit.
    expect(only!.R).toBeLessThan(0.99);
    expect(only!.exptime).toBe(100);
    const noisy = lightCurvePoints({ unit: "PAN000", camera: "108715", star: vega, start: "", timesUnixS: [t], exptimeS: 100 }, randomStream("x"));
    expect(noisy[0]!.R).not.toBe(1);
  });
});
