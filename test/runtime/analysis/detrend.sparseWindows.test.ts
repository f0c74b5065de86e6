import { describe, expect, it } from "vitest";
import { savitzkyGolayTrend } from "../../../runtime/analysis/detrend.js";

describe("savitzkyGolayTrend on windows with few unmasked points", () => {
  it("follows the one unmasked point a window holds, and falls back to the segment's fit only for a window with none", () => {
    // 0..1 d every 0.01 d, one segment, 0.05-d windows; only t = 0, 0.5 and 1 are unmasked.
    const time = Float64Array.from({ length: 101 }, (_, i) => i / 100);
    const flux = time.map((t) => (t === 0.5 ? 1.1 : t === 1 ? 0.9 : 1));
    const use = time.map((t) => (t === 0 || t === 0.5 || t === 1 ? 1 : 0));
    const trend = savitzkyGolayTrend(time, flux, new Uint32Array(101), 1, { windowDays: 0.05, iterations: 1 }, use);
    // A window is local: around t = 0.5 the trend is that point's level, not the segment's mean (1.0).
    expect(trend[50]).toBeCloseTo(1.1, 12);
    expect(trend[51]).toBeCloseTo(1.1, 12);
    expect(trend[100]).toBeCloseTo(0.9, 12);
    // t = 0.25: its window holds no unmasked point, so the whole segment's fit (order 0: the mean) stands in.
    expect(trend[25]).toBeCloseTo(1, 12);
  });
});
