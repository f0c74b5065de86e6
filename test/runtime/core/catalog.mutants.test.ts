/**
 * How a user names a catalog star (its id, its PIC id, its name in any case and spacing) and the
 * catalog name shown for a PIC id. Coordinates: SIMBAD J2000 (Wenger et al. 2000, A&AS 143, 9).
 */
import { describe, expect, it } from "vitest";
import { catalogNameOf, catalogStarOf, findStars, picId } from "../../../runtime/core/catalog.js";

describe("catalogStarOf", () => {
  it.each([
    ["hd189733", "hd189733"],
    ["HD 189733", "hd189733"],
    ["  hd  189733 ", "hd189733"],
    ["Kelt-9", "kelt9"],
    ["KELT9", "kelt9"],
    ["xo-1", "xo1"],
    ["vega", "vega"],
    ["pic_j18365633+3847012", "vega"],
    ["PIC_J2000437+224239", "hd189733"],
  ])("finds %j as %s", (text, id) => {
    expect(catalogStarOf(text)?.id).toBe(id);
  });

  it.each(["", "HD 18973", "hd1897333", "PIC_J2000437+22423", "vega b"])("knows no star %j", (text) => {
    expect(catalogStarOf(text)).toBeUndefined();
  });
});

describe("findStars", () => {
  it("lists a star named twice once, in the order first named, and keeps every unknown name as given", () => {
    const { stars, unknown } = findStars(["HD 189733", "vega", "hd189733", "PIC_J2000437+224239", "Nope", "nope"]);
    expect(stars.map((star) => star.id)).toEqual(["hd189733", "vega"]);
    expect(unknown).toEqual(["Nope", "nope"]);
    expect(findStars([])).toEqual({ stars: [], unknown: [] });
  });
});

describe("catalogNameOf", () => {
  it("names a star by its catalog name, and gives null for a star named by its PIC id or not in the catalog", () => {
    expect(catalogNameOf("PIC_J2000437+224239")).toBe("HD 189733");
    expect(catalogNameOf("PIC_J18365633+3847012")).toBe("Vega");
    expect(catalogNameOf("PIC_J0326137+295015")).toBeNull(); // a 2016 star the catalog names by its PIC
    expect(catalogNameOf("pic_j2000437+224239")).toBeNull(); // PIC ids are matched exactly here
    expect(catalogNameOf("PIC_J0000000+000000")).toBeNull();
  });
});

describe("picId", () => {
  it("pads one-digit fields, fills missing decimals with zeros, and keeps the sign of a southern Dec", () => {
    // Proxima Centauri, SIMBAD J2000: 14 29 42.94853 −62 40 46.1631.
    expect(picId("14 29 42.94853", "-62 40 46.1631")).toBe("PIC_J1429429-624046");
    expect(picId("14 29 42.94853", "-62 40 46.1631", [3, 2])).toBe("PIC_J142942948-62404616");
    expect(picId("1 2 3", "+4 5 6")).toBe("PIC_J0102030+040506");
    expect(picId("10 20 30", "+01 02 03.9", [0, 0])).toBe("PIC_J102030+010203");
    // Blanks around the text or repeated between fields are not part of any field.
    expect(picId(" 1 2 3 ", " -4 5 6")).toBe("PIC_J0102030-040506");
    expect(picId("14  29\t42.94853", "-62   40 46.1631")).toBe("PIC_J1429429-624046");
  });
});
