import { describe, expect, it } from "vitest";
import { BLOCK_BYTES, commentaryCards, floatCard, formatCard, headerBytes, integerCard, stringCard } from "../../../runtime/core/fitsCards.js";

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

describe("commentary cards and headers", () => {
  it("writes COMMENT text from column 9, split into 72-character cards", () => {
    const text = "a".repeat(72) + "tail";
    const cards = commentaryCards("COMMENT", text).map(formatCard);
    expect(cards).toEqual([`COMMENT ${"a".repeat(72)}`, "COMMENT tail".padEnd(80)]);
    expect(() => commentaryCards("HISTORY", "tab\there")).toThrow(RangeError);
  });

  it("ends a header with END and pads it with spaces to whole 2880-byte blocks", () => {
    const cards = Array.from({ length: 36 }, (_, i) => integerCard(`N${i}`, i));
    const bytes = headerBytes(cards);
    expect(bytes.length).toBe(2 * BLOCK_BYTES); // 36 cards fill a block, END starts the next
    const text = bytes.toString("ascii");
    expect(text.slice(36 * 80, 37 * 80).trimEnd()).toBe("END");
    expect(text.slice(37 * 80).trim()).toBe("");
  });
});
