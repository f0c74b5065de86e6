/** resolvePic and the "did you mean" it offers (starArgument.ts, nearestName.ts). */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { UsageError } from "../../../runtime/core/errors.js";
import { editDistance, nearestName } from "../../../runtime/core/nearestName.js";
import { resolvePic } from "../../../runtime/core/starArgument.js";

const hd189733 = CATALOG.find((s) => s.id === "hd189733")!;

describe("resolvePic", () => {
  it("returns a valid PIC id as given, even one outside the catalog", () => {
    expect(resolvePic("PIC_J1200000+100000")).toBe("PIC_J1200000+100000");
  });

  it("maps a catalog id or name to its PIC id", () => {
    expect(resolvePic("hd189733")).toBe(hd189733.pic);
    expect(resolvePic("HD 189733")).toBe(hd189733.pic);
  });

  it("refuses anything else, naming the value and every catalog id, with the likely intent", () => {
    const resolve = () => resolvePic("hd18973");
    expect(resolve).toThrow(UsageError);
    expect(resolve).toThrow(
      `"hd18973" is neither a PIC id like PIC_J0326137+295015 nor a catalog id (${CATALOG.map((s) => s.id).join(", ")}): did you mean hd189733?`,
    );
  });

  it("offers no guess when nothing is close", () => {
    expect(() => resolvePic("betelgeuse-nova")).toThrow(/\(pic0326, [^)]*\)$/);
  });

  it("suggests a PIC id for a mistyped PIC id", () => {
    const typo = `${hd189733.pic.slice(0, -1)}x`;
    expect(() => resolvePic(typo)).toThrow(`did you mean ${hd189733.pic}?`);
  });
});

describe("editDistance", () => {
  it.each<[string, string, number]>([
    ["", "", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    ["abc", "abc", 0],
    ["ab", "ba", 2],
    ["vega", "vegas", 1],
  ])("%j → %j: %i", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("nearestName's threshold: max(2, a third of the name's length)", () => {
  it("takes two edits on a short name but not three", () => {
    expect(nearestName("vxgx", ["vega"])).toBe("vega");
    expect(nearestName("vxxx", ["vega"])).toBeUndefined();
  });

  it("takes a third of a long name's length in edits, and no more", () => {
    const candidate = "abcdefghijkl"; // 12 letters: up to 4 edits
    expect(nearestName("xxxxefghijkl", [candidate])).toBe(candidate);
    expect(nearestName("xxxxxfghijkl", [candidate])).toBeUndefined();
  });

  it("picks the nearest of several, the first on a tie, ignoring case", () => {
    expect(nearestName("VEGAA", ["vegas", "vega"])).toBe("vegas");
    expect(nearestName("abcd", ["abcx", "abxd", "abcd"])).toBe("abcd");
    expect(nearestName("abcd", ["abcx", "abxd"])).toBe("abcx");
    expect(nearestName("x", [])).toBeUndefined();
  });
});
