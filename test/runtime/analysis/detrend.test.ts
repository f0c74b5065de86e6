import { describe, expect, it } from "vitest";
import { detrend, savitzkyGolayTrend } from "../../../runtime/analysis/detrend.js";
import { gaussianNoise } from "./gaussianNoise.js";

describe("savitzkyGolayTrend", () => {
  it("reproduces a quadratic exactly within each segment (least squares of order 2)", () => {
    const time = Float64Array.from({ length: 200 }, (_, i) => i * 0.002 + (i >= 100 ? 1 : 0));
    const segment = Uint32Array.from({ length: 200 }, (_, i) => (i < 100 ? 0 : 1));
    const flux = time.map((t, i) => (i < 100 ? 1 + 0.3 * t - 2 * t * t : 5 - (t - 1.1) ** 2));
    const trend = savitzkyGolayTrend(time, flux, segment, 2, { windowDays: 0.05, iterations: 1, spanPerOrderDays: 0.01 });
    trend.forEach((v, i) => expect(v).toBeCloseTo(flux[i]!, 9));
  });

  it("keeps masked points (a known transit) out of the fit", () => {
    const time = Float64Array.from({ length: 300 }, (_, i) => i * 0.001);
    const inTransit = time.map((t) => (t > 0.12 && t < 0.2 ? 1 : 0));
    const flux = time.map((t, i) => (inTransit[i] ? 0.98 : 1) * (1 + 0.05 * t));
    const trend = savitzkyGolayTrend(time, flux, new Uint32Array(300), 1, { polyorder: 1, spanPerOrderDays: 0.1 }, inTransit.map((m) => 1 - m));
    trend.forEach((v, i) => expect(v).toBeCloseTo(1 + 0.05 * time[i]!, 9));
  });

  it("fits no slope or bend across less data than spanPerOrderDays, so a transit at a run's end survives", () => {
    // 3 h of flat data ending in a 45-min transit 2.4 % deep (HD 189733 b-like, Agol et al. 2010).
    const time = Float64Array.from({ length: 108 }, (_, i) => (i * 100) / 86400);
    const flux = time.map((t) => (t > 0.094 ? 0.976 : 1));
    const trend = savitzkyGolayTrend(time, flux, new Uint32Array(108), 1, { spanPerOrderDays: 0.15, iterations: 1 });
    expect(new Set(trend).size).toBe(1); // a constant: order 0
    const bent = savitzkyGolayTrend(time, flux, new Uint32Array(108), 1, { spanPerOrderDays: 0.01, iterations: 1 });
    expect(bent[107]! - bent[0]!).toBeLessThan(-0.01); // a quadratic would have bent into it
  });

  it("rejects options outside their range", () => {
    expect(() => savitzkyGolayTrend([0], [1], [0], 1, { polyorder: 3 })).toThrow(/polyorder/);
    expect(() => savitzkyGolayTrend([0], [1], [0], 1, { windowDays: 0 })).toThrow(/windowDays/);
  });
});

describe("detrend", () => {
  it("flattens a slow trend to white noise and clips outliers out of the fit", () => {
    const noise = gaussianNoise(9);
    const n = 400;
    const time = Float64Array.from({ length: n }, (_, i) => i * 0.001);
    const flux = time.map((t) => (1 + 0.1 * t + 0.5 * t * t) * (1 + 0.001 * noise()));
    flux[50] = 1.2; // an outlier the fit must ignore
    const { flux: flat, sigma } = detrend(time, flux, new Float64Array(n).fill(0.001), new Uint32Array(n), 1, { windowDays: 0.2, spanPerOrderDays: 0.1 });
    const residuals = Array.from(flat).filter((_, i) => i !== 50).map((f) => f - 1);
    const rms = Math.sqrt(residuals.reduce((s, r) => s + r * r, 0) / residuals.length);
    expect(rms).toBeLessThan(0.0013);
    expect(flat[50]).toBeGreaterThan(1.15);
    expect(sigma[0]).toBeCloseTo(0.001, 4);
  });
});
