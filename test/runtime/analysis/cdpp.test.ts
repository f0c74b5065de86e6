import { describe, expect, it } from "vitest";
import { cadencesFor, estimateCdppPpm } from "../../../runtime/analysis/cdpp.js";
import { gaussianNoise } from "./gaussianNoise.js";

describe("estimateCdppPpm", () => {
  const noise = gaussianNoise(11);
  const flux = Float64Array.from({ length: 5000 }, () => 1 + 100e-6 * noise());
  const segment = Uint32Array.from({ length: 5000 }, (_, i) => Math.floor(i / 500));

  it("is the white-noise level at a one-cadence duration", () => {
    // Issue 9 acceptance; lightkurve's estimate_cdpp returns std(running mean)·1e6, which for
    // white noise of σ = 100 ppm and a window of one cadence is σ itself.
    const cdpp = estimateCdppPpm(flux, segment, 10, { durationCadences: 1 });
    expect(cdpp).toBeGreaterThan(95);
    expect(cdpp).toBeLessThan(105);
  });

  it("falls as 1/√N for white noise over N cadences", () => {
    const cdpp = estimateCdppPpm(flux, segment, 10, { durationCadences: 16 })!;
    expect(cdpp).toBeGreaterThan(25 * 0.85);
    expect(cdpp).toBeLessThan(25 * 1.15);
  });

  it("ignores outliers and is undefined without enough points", () => {
    const spiked = Float64Array.from(flux);
    spiked[100] = 1.5;
    spiked[2000] = 0.5;
    expect(estimateCdppPpm(spiked, segment, 10, { durationCadences: 1 })).toBeCloseTo(estimateCdppPpm(flux, segment, 10, { durationCadences: 1 })!, 0);
    expect(estimateCdppPpm([1, 1], [0, 0], 1, { durationCadences: 5 })).toBeUndefined();
    expect(() => estimateCdppPpm(flux, segment, 10, { durationCadences: 0 })).toThrow(/positive integer/);
  });
});

describe("cadencesFor", () => {
  it("converts a duration to whole cadences, at least one", () => {
    expect(cadencesFor(1, 105)).toBe(34);
    expect(cadencesFor(0.001, 105)).toBe(1);
    expect(cadencesFor(1, 0)).toBe(1);
  });
});

describe("estimateCdppPpm with a transit mask", () => {
  it("measures the noise outside the masked transits only", () => {
    const noise = gaussianNoise(12);
    const flux = Float64Array.from({ length: 3000 }, (_, i) => (i % 300 < 30 ? 1 - 300e-6 : 1) + 100e-6 * noise());
    const use = Uint8Array.from(flux, (_, i) => (i % 300 < 30 ? 0 : 1));
    const segment = new Uint32Array(3000);
    expect(estimateCdppPpm(flux, segment, 1, { durationCadences: 1 })).toBeGreaterThan(120);
    const masked = estimateCdppPpm(flux, segment, 1, { durationCadences: 1 }, use)!;
    expect(masked).toBeGreaterThan(95);
    expect(masked).toBeLessThan(105);
  });
});
