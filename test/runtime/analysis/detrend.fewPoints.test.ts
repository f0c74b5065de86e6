/**
 * The detrending filter's order for a window with few points (detrend.ts): each coefficient needs
 * eight fitted points, so a window of 12 gets a level (its weighted mean), however long it spans
 * and whatever points earlier windows of the segment held. Here the segment's first 40 points lie
 * far before its last 12 (0.6 d apart, with a window of 0.5 d), whose windows hold only those 12;
 * their flux is a parabola, which a quadratic would follow exactly and a level cannot.
 */
import { describe, expect, it } from "vitest";
import { savitzkyGolayTrend } from "../../../runtime/analysis/detrend.js";

describe("savitzkyGolayTrend in a window of few points", () => {
  it("fits the last 12 points of a segment by their mean, not by the quadratic the span would allow", () => {
    const early = Array.from({ length: 40 }, (_, i) => i * 0.01);
    const late = Array.from({ length: 12 }, (_, i) => 1 + i * 0.01);
    const time = [...early, ...late];
    const flux = time.map((t) => (t < 1 ? 1 : 1 + 0.5 * (t - 1.055) ** 2));
    const trend = savitzkyGolayTrend(time, flux, new Uint8Array(time.length), 1, { windowDays: 0.5, polyorder: 2, iterations: 1, spanPerOrderDays: 0.01 });
    const lateFlux = flux.slice(40);
    const mean = lateFlux.reduce((sum, f) => sum + f, 0) / lateFlux.length;
    for (const value of trend.slice(40)) expect(value).toBeCloseTo(mean, 12);
    // A quadratic would have followed the parabola: its ends are well above the mean.
    expect(lateFlux[0]! - mean).toBeGreaterThan(1e-4);
  });
});
