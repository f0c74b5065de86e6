/**
 * Camera ids are drawn at random from 900,000 six-digit values; in a network of hundreds of units
 * two draws coincide (the birthday bound: 2,000 draws collide with probability about 0.89), and
 * buildNetwork must then draw again rather than give two cameras one id.
 */
import { describe, expect, it } from "vitest";
import { CAMERAS_PER_UNIT, MAX_UNITS, buildNetwork } from "../../../runtime/simulator/network.js";

describe("buildNetwork camera ids", () => {
  it("stay unique across a full network of 1000 units, for several seeds", () => {
    for (const seed of ["ids-1", "ids-2", "ids-3"]) {
      const cameras = buildNetwork({ cameras: new Map() }, MAX_UNITS, seed).flatMap((unit) => unit.cameras);
      expect(cameras).toHaveLength(MAX_UNITS * CAMERAS_PER_UNIT);
      expect(new Set(cameras).size, seed).toBe(cameras.length);
      for (const id of cameras) expect(id).toMatch(/^[1-9]\d{5}$/);
    }
  });

  it("never reuse an id the bucket already holds when topping up and growing a network", () => {
    const existing = new Map(Array.from({ length: 400 }, (_, n) => [`PAN${String(n).padStart(3, "0")}`, [String(100_000 + 2 * n)]]));
    const units = buildNetwork({ cameras: existing }, 900, "ids-top-up");
    const cameras = units.flatMap((unit) => unit.cameras);
    expect(new Set(cameras).size).toBe(cameras.length);
    for (const [id, [kept]] of existing) expect(units.find((unit) => unit.id === id)!.cameras).toContain(kept);
  });
});
