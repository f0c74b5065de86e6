import { describe, expect, it } from "vitest";
import { periodGrid, signalDetectionEfficiency } from "../../../runtime/analysis/blsPeriodogram.js";
import { gaussianNoise } from "./gaussianNoise.js";

describe("periodGrid", () => {
  it("steps so that the last transit of the baseline moves by at most D/oversample", () => {
    const grid = periodGrid(0.5, 50, 100, 0.04, 3, 1e6);
    expect(grid[0]).toBeCloseTo(0.5, 12);
    expect(grid[grid.length - 1]).toBeCloseTo(50, 9);
    const step = grid[1]! / grid[0]! - 1;
    expect(100 * step).toBeLessThanOrEqual(0.04 / 3 + 1e-12);
  });

  it("honours the cap on trial periods", () => {
    expect(periodGrid(0.5, 50, 1000, 0.01, 3, 5000)).toHaveLength(5000);
  });
});

describe("signalDetectionEfficiency", () => {
  const noise = gaussianNoise(21);
  const flat = Float64Array.from({ length: 5000 }, () => 10 + noise());
  flat[2500] = 30;

  it("is (peak − mean)/std for a periodogram without drift", () => {
    // Kovács et al. 2002 define SDE = (SR_peak − <SR>)/σ(SR); here ≈ (30 − 10)/1.
    const sde = signalDetectionEfficiency(flat, 2500);
    expect(sde).toBeGreaterThan(18);
    expect(sde).toBeLessThan(22);
  });

  it("ignores a slow drift of the power with period", () => {
    const drifting = flat.map((p, i) => p + (40 * i) / flat.length);
    expect(signalDetectionEfficiency(drifting, 2500)).toBeCloseTo(signalDetectionEfficiency(flat, 2500), 0);
  });
});
