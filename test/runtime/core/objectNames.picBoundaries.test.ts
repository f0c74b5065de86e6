/**
 * PIC ids at the edges of their sexagesimal fields (design §3: 2MASS-style J hhmmss(.ss)±ddmmss(.s)):
 * each minutes and seconds field runs 00–59, RA hours 00–23, Dec up to exactly +90/−90.
 */
import { describe, expect, it } from "vitest";
import { isValidPic } from "../../../runtime/core/objectNames.js";

describe("isValidPic at field boundaries", () => {
  it.each([
    ["PIC_J2359599+295015", true],
    ["PIC_J2400000+295015", false],
    ["PIC_J0359000+295015", true],
    ["PIC_J0360000+295015", false],
    ["PIC_J0300599+295015", true],
    ["PIC_J0300600+295015", false],
    ["PIC_J030059.99+295015", false],
    ["PIC_J03005999+295015", true],
    ["PIC_J0326137+295915", true],
    ["PIC_J0326137+296015", false],
    ["PIC_J0326137-296015", false],
    ["PIC_J0326137+295959", true],
    ["PIC_J0326137+295960", false],
    ["PIC_J0326137-295960", false],
    ["PIC_J0326137+8959599", true],
    ["PIC_J0326137+900000", true],
    ["PIC_J0326137-900000", true],
    ["PIC_J0326137+900100", false],
    ["PIC_J0326137+900001", false],
    ["PIC_J0326137-900001", false],
    ["PIC_J0326137+910000", false],
  ])("%s → %s", (pic, valid) => {
    expect(isValidPic(pic)).toBe(valid);
  });
});
