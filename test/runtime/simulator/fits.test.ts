import { describe, expect, it } from "vitest";
import { BLOCK_BYTES, floatCard, formatCard, integerCard, stringCard, writeFitsImage } from "../../../runtime/simulator/fits.js";

describe("FITS cards", () => {
  // FITS Standard 4.0 §4.1–4.2: 80-character cards, fixed-format values right-justified to
  // column 30, strings quoted from column 11 with at least 8 characters, reals with a point.
  it.each([
    [floatCard("EQUINOX", 2000), "EQUINOX =               2000.0"],
    [floatCard("RA", 51.55696746796838), "RA      =    51.55696746796838"],
    [floatCard("TINY", 1e-7), "TINY    =               1.0E-7"],
    [integerCard("NAXIS3", 106), "NAXIS3  =                  106"],
    [stringCard("PICID", "PIC_J0326137+295015"), "PICID   = 'PIC_J0326137+295015'"],
    [stringCard("FIELD", "XO-1"), "FIELD   = 'XO-1    '"],
    [stringCard("NOTE", "it's"), "NOTE    = 'it''s   '"],
  ])("formats %j", (card, expected) => {
    const text = formatCard(card);
    expect(text).toHaveLength(80);
    expect(text.trimEnd()).toBe(expected);
    if (!expected.includes("'")) expect(expected).toHaveLength(30); // value ends in column 30
  });

  it("keeps comments after a slash and cuts an over-long comment at column 80", () => {
    expect(formatCard(integerCard("XPIXORG", 4826, "[px] x of the stamp origin"))).toMatch(/^XPIXORG =\s+4826 \/ \[px\] x of the stamp origin\s*$/);
    expect(formatCard(stringCard("A", "b", "x".repeat(100)))).toHaveLength(80);
  });

  it.each([
    () => integerCard("lower", 1),
    () => integerCard("TOOLONGKEY", 1),
    () => integerCard("N", 1.5),
    () => floatCard("F", Number.NaN),
    () => stringCard("S", "tab\there"),
    () => stringCard("S", "x".repeat(69)),
  ])("rejects an invalid card (%#)", (make) => {
    expect(make).toThrow(RangeError);
  });
});

describe("writeFitsImage", () => {
  it("writes whole 2880-byte blocks: header cards, END, big-endian floats, zero padding", () => {
    const data = new Float32Array([1.5, -2, 3e6, 0, 7, 8]);
    const bytes = writeFitsImage({ shape: [3, 2], data, cards: [floatCard("EQUINOX", 2000)] });
    expect(bytes.length).toBe(2 * BLOCK_BYTES);
    const header = bytes.subarray(0, BLOCK_BYTES).toString("ascii");
    const cards = header.match(/.{80}/g)!;
    expect(cards.slice(0, 7).map((c) => c.slice(0, 8).trim())).toEqual(["SIMPLE", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "EXTEND", "EQUINOX"]);
    expect(cards[7]!.trimEnd()).toBe("END");
    expect(cards.slice(8).every((c) => c.trim() === "")).toBe(true);
    expect(cards[1]).toMatch(/^BITPIX {2}=\s+-32 /);
    const view = new DataView(bytes.buffer, bytes.byteOffset + BLOCK_BYTES);
    expect([...data].map((_, i) => view.getFloat32(i * 4, false))).toEqual([...data]);
    expect(bytes.subarray(BLOCK_BYTES + data.length * 4).every((b) => b === 0)).toBe(true);
  });

  it("refuses data that does not fill the shape", () => {
    expect(() => writeFitsImage({ shape: [3, 3], data: new Float32Array(8), cards: [] })).toThrow(/8 values, shape needs 9/);
  });
});
