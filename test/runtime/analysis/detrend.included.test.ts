import { describe, expect, it } from "vitest";
import { savitzkyGolayTrend } from "../../../runtime/analysis/detrend.js";

// Which points a trend is fitted to, before any clipping (one pass, so clipping cannot hide a
// mistake): only those the caller's mask lets in, and never a missing (NaN) flux.
describe("savitzkyGolayTrend's included points", () => {
  const time = Float64Array.from({ length: 300 }, (_, i) => i * 0.001);
  const line = (t: number) => 1 + 0.05 * t;
  const settings = { polyorder: 1, spanPerOrderDays: 0.1, iterations: 1 };

  it("fits a single pass to the unmasked points alone", () => {
    const inTransit = time.map((t) => (t > 0.12 && t < 0.2 ? 1 : 0));
    const flux = time.map((t, i) => (inTransit[i] ? 0.98 : 1) * line(t));
    const trend = savitzkyGolayTrend(time, flux, new Uint32Array(300), 1, settings, inTransit.map((m) => 1 - m));
    trend.forEach((v, i) => expect(v).toBeCloseTo(line(time[i]!), 9));
  });

  it("leaves a missing flux out of the fit instead of spreading NaN over its neighbours", () => {
    const flux = time.map(line);
    flux[150] = Number.NaN;
    const trend = savitzkyGolayTrend(time, flux, new Uint32Array(300), 1, settings);
    trend.forEach((v, i) => expect(v).toBeCloseTo(line(time[i]!), 9));
  });
});
