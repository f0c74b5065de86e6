import { describe, expect, it } from "vitest";
import { buildNetwork, SITES } from "../../../runtime/simulator/network.js";

describe("buildNetwork", () => {
  it("numbers units from PAN000 with two cameras each, unique across the network, at real sites", () => {
    const units = buildNetwork({ cameras: new Map() }, 10, "net");
    expect(units.map((u) => u.id)).toEqual(Array.from({ length: 10 }, (_, i) => `PAN00${i}`));
    const cameras = units.flatMap((u) => u.cameras);
    expect(cameras.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(cameras).size).toBe(20);
    expect(units[0]!.site).toBe(SITES[0]);
    expect(units[9]!.site).toBe(SITES[9 % SITES.length]);
  });

  it("keeps existing units and cameras, tops a one-camera unit up, and numbers new units after the highest", () => {
    const existing = new Map([
      ["PAN000", ["108715"]],
      ["PAN004", ["111111", "222222"]],
    ]);
    const units = buildNetwork({ cameras: existing }, 4, "net");
    expect(units.map((u) => u.id)).toEqual(["PAN000", "PAN004", "PAN005", "PAN006"]);
    expect(units[0]!.cameras).toContain("108715");
    expect(units[0]!.cameras).toHaveLength(2);
    expect(units[1]!.cameras).toEqual(["111111", "222222"]);
    expect(new Set(units.flatMap((u) => u.cameras)).size).toBe(8);
  });

  it("never removes units and never grows past PAN999", () => {
    const existing = new Map([["PAN000", ["100000", "100001"]], ["PAN001", ["100002", "100003"]]]);
    expect(buildNetwork({ cameras: existing }, 1, "net")).toHaveLength(2);
    expect(() => buildNetwork({ cameras: new Map([["PAN999", ["123456", "654321"]]]) }, 2, "net")).toThrow(/PAN999/);
  });
});
