import { describe, expect, it } from "vitest";
import { isValidPic } from "../../../runtime/core/objectNames.js";
import { CATALOG, findStars, picId } from "../../../runtime/core/catalog.js";

describe("catalog", () => {
  it("holds the three 2016 stars under their 2016 PIC ids and the five planet hosts", () => {
    const pics = CATALOG.map((s) => s.pic);
    // The 2016 simulator's stars (2016 README and sample data).
    expect(pics).toEqual(expect.arrayContaining(["PIC_J0326137+295015", "PIC_J1632291+190441", "PIC_J18365633+3847012"]));
    expect(CATALOG.filter((s) => s.planet).map((s) => s.planet!.name)).toEqual(["HD 189733 b", "HD 209458 b", "KELT-9 b", "WASP-33 b", "XO-1 b"]);
    for (const star of CATALOG) expect(isValidPic(star.pic), star.pic).toBe(true);
    expect(new Set(pics).size).toBe(CATALOG.length);
  });

  it("derives PIC ids from coordinates, truncating like 2MASS designations", () => {
    // Vega, SIMBAD J2000: 18 36 56.33635 +38 47 01.2802 → the 2016 id PIC_J18365633+3847012.
    expect(picId("18 36 56.33635", "+38 47 01.2802", [2, 1])).toBe("PIC_J18365633+3847012");
    // HD 189733, SIMBAD J2000: 20 00 43.713 +22 42 39.07.
    expect(picId("20 00 43.713", "+22 42 39.07")).toBe("PIC_J2000437+224239");
    expect(picId("05 35 17.3", "-05 23 28")).toBe("PIC_J0535173-052328");
  });

  it("converts sexagesimal coordinates to degrees", () => {
    const hd189733 = CATALOG.find((s) => s.id === "hd189733")!;
    // SIMBAD: RA 300.1821° Dec +22.7109°.
    expect(hd189733.raDeg).toBeCloseTo(300.18214, 4);
    expect(hd189733.decDeg).toBeCloseTo(22.71085, 4);
    // The 2016 sample's RA/DEC cards for PIC_J0326137+295015: 51.55696746796838, 29.83755324210787.
    const pic0326 = CATALOG.find((s) => s.id === "pic0326")!;
    expect(pic0326.raDeg).toBeCloseTo(51.557, 3);
    expect(pic0326.decDeg).toBeCloseTo(29.8375, 3);
  });

  it("gives each planet a depth of (Rp/R*)² and a transiting geometry (impact parameter < 1)", () => {
    for (const { planet } of CATALOG.filter((s) => s.planet)) {
      expect(planet!.depth).toBeCloseTo(planet!.radiusRatio ** 2, 12);
      const impact = planet!.semiMajorAxisStellarRadii * Math.cos((planet!.inclinationDeg * Math.PI) / 180);
      expect(impact).toBeLessThan(1);
    }
  });

  it.each([
    [["hd189733", "VEGA"], ["hd189733", "vega"], []],
    [["PIC_J0326137+295015", "pic0326"], ["pic0326"], []],
    [["kelt9", "nope", "HD 1"], ["kelt9"], ["nope", "HD 1"]],
  ])("finds %j by id or PIC id, case-insensitively", (ids, found, unknown) => {
    const result = findStars(ids);
    expect(result.stars.map((s) => s.id)).toEqual(found);
    expect(result.unknown).toEqual(unknown);
  });
});
