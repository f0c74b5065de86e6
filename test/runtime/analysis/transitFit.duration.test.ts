import { describe, expect, it } from "vitest";
import { totalDurationDays } from "../../../runtime/analysis/transitFit.js";

/**
 * First-to-fourth contact found numerically, without the closed form: on a circular orbit of
 * inclination i (cos i = b / (a/R*)), the planet's centre is z(φ) = (a/R*)·√(sin²φ + cos²i·cos²φ)
 * stellar radii from the star's at orbital phase φ; contacts 1 and 4 are where z = 1 + p, found by
 * bisection on the half of the orbit in front of the star.
 */
function contactDurationDays(periodDays: number, p: number, b: number, aR: number): number {
  const cosI = b / aR;
  const z = (phi: number) => aR * Math.sqrt(Math.sin(phi) ** 2 + cosI ** 2 * Math.cos(phi) ** 2);
  let inside = 0;
  let outside = Math.PI / 2;
  for (let k = 0; k < 80; k++) {
    const mid = (inside + outside) / 2;
    if (z(mid) < 1 + p) inside = mid;
    else outside = mid;
  }
  return ((2 * inside) / (2 * Math.PI)) * periodDays;
}

describe("totalDurationDays (Seager & Mallén-Ornelas 2003, eq. 3)", () => {
  it.each([
    ["a central transit", 3.5, 0.1, 0, 10],
    ["HD 209458 b (Torres, Winn & Holman 2008: P 3.5247 d, Rp/R* 0.1209, b 0.507, a/R* 8.76)", 3.52474859, 0.12086, 0.507, 8.76],
    ["a nearly grazing transit", 2, 0.05, 0.95, 6],
    ["a close-in orbit, where sin i is far from 1", 0.8, 0.15, 0.6, 2.5],
  ])("agrees with the contact times of the projected orbit: %s", (_, period, p, b, aR) => {
    expect(totalDurationDays(period, p, b, aR)).toBeCloseTo(contactDurationDays(period, p, b, aR), 9);
  });

  it("is zero when the planet misses the star (b ≥ 1 + p)", () => {
    expect(totalDurationDays(3, 0.1, 1.1, 8)).toBe(0);
    expect(totalDurationDays(3, 0.1, 1.3, 8)).toBe(0);
  });
});
