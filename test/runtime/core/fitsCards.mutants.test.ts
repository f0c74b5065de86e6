/**
 * The less common cards of the FITS Standard 4.0 (Pence et al. 2010, A&A 524, A42): logical F,
 * keyword characters at the edges of the allowed set (§4.1.2.1), the longest string a card holds
 * (§4.2.1.1), reals that already carry a point or an exponent (§4.2.4), commentary cards (§4.4.2.4)
 * and headers that end exactly on a block boundary (§3.3.1, §4.4.1).
 */
import { describe, expect, it } from "vitest";
import { BLOCK_BYTES, commentaryCards, floatCard, formatCard, headerBytes, integerCard, logicalCard, padTo, stringCard } from "../../../runtime/core/fitsCards.js";

describe("FITS card values", () => {
  // §4.2.2: a logical value is T or F in column 30 (fixed format).
  it("writes logical F as well as T, in column 30", () => {
    expect(formatCard(logicalCard("EXTEND", false)).trimEnd()).toBe("EXTEND  =                    F");
    expect(formatCard(logicalCard("EXTEND", true)).trimEnd()).toBe("EXTEND  =                    T");
  });

  // §4.1.2.1: keywords are 1–8 of the digits, the upper-case letters, "_" and "-"; nothing else.
  it.each(["A", "Z", "0", "9", "_", "-", "TTYPE1", "DATE-OBS", "ABCDEFGH", "X_Y-Z019"])("accepts the keyword %j", (keyword) => {
    expect(formatCard(integerCard(keyword, 1)).slice(0, 10)).toBe(`${keyword.padEnd(8)}= `);
  });

  it.each(["", "ABCDEFGHI", "a", "DATE OBS", "DATE.OBS", " NAXIS", "NAXIS ", "A\nB", "É"])("refuses the keyword %j, naming it", (keyword) => {
    expect(() => integerCard(keyword, 1)).toThrow(`invalid FITS keyword ${JSON.stringify(keyword)}`);
    expect(() => logicalCard(keyword, true)).toThrow(RangeError);
    expect(() => floatCard(keyword, 1)).toThrow(RangeError);
    expect(() => stringCard(keyword, "x")).toThrow(RangeError);
  });

  it("names the keyword and the value of a number it refuses", () => {
    expect(() => integerCard("NAXIS1", 2.5)).toThrow("FITS NAXIS1: 2.5 is not an integer");
    expect(() => integerCard("NAXIS1", 2 ** 53)).toThrow(/NAXIS1/);
    expect(() => floatCard("EXPTIME", Number.POSITIVE_INFINITY)).toThrow("FITS EXPTIME: Infinity is not a finite number");
    expect(() => floatCard("EXPTIME", Number.NEGATIVE_INFINITY)).toThrow(RangeError);
  });

  // §4.2.4: a real carries a decimal point; the exponent letter is E. A value that already has a
  // point keeps its digits; one that has only an exponent gets ".0" before the E.
  it.each([
    [-3, "-3.0"],
    [0.5, "0.5"],
    [1.5e-7, "1.5E-7"],
    [1e21, "1.0E+21"],
    [-2.5e30, "-2.5E+30"],
    [0, "0.0"],
  ])("writes the real %d as %s", (value, text) => {
    expect(formatCard(floatCard("X", value)).slice(10, 30)).toBe(text.padStart(20));
  });

  // §4.2.1.1: a string fills columns 11–80 at most: 68 characters between its quotes, a quote
  // inside written twice; only printable ASCII (0x20–0x7E).
  it("holds a string of 68 characters and refuses one of 69, counting doubled quotes", () => {
    const longest = "x".repeat(68);
    expect(formatCard(stringCard("S", longest))).toBe(`S       = '${longest}'`);
    expect(() => stringCard("S", "x".repeat(69))).toThrow("FITS S: string longer than 68 characters");
    expect(() => stringCard("S", `${"x".repeat(67)}'`)).toThrow(/longer than 68/);
    expect(formatCard(stringCard("S", `${"x".repeat(66)}'`))).toBe(`S       = '${"x".repeat(66)}'''`);
  });

  it("takes every printable character, space and tilde included, and refuses DEL and control characters", () => {
    expect(formatCard(stringCard("S", " ~"))).toBe("S       = ' ~      '".padEnd(80));
    expect(() => stringCard("S", "\x7f")).toThrow("FITS S: strings must be printable ASCII");
    expect(() => stringCard("S", "\x1f")).toThrow(RangeError);
    expect(() => stringCard("S", "ok\n")).toThrow(RangeError);
  });
});

describe("FITS card layout", () => {
  it("leaves out the slash when there is no comment, and puts ' / ' before one", () => {
    expect(formatCard(integerCard("N", 1))).toBe("N       =                    1".padEnd(80));
    expect(formatCard(integerCard("N", 1, ""))).toBe("N       =                    1".padEnd(80));
    expect(formatCard(integerCard("N", 1, "c"))).toBe("N       =                    1 / c".padEnd(80));
  });

  it("refuses a comment that is not printable ASCII, naming the card", () => {
    expect(() => formatCard(integerCard("NAXIS", 1, "naïve"))).toThrow("FITS card NAXIS: not printable ASCII");
    expect(() => formatCard(integerCard("NAXIS", 1, "\tx"))).toThrow(RangeError);
    // A character past column 80 is cut with the comment's overflow, before the check.
    expect(formatCard(integerCard("NAXIS", 1, `${"x".repeat(60)}\t`))).toHaveLength(80);
  });

  it("cuts an over-long comment at exactly column 80", () => {
    const card = formatCard(integerCard("N", 1, "0123456789".repeat(10)));
    expect(card).toBe(`N       =                    1 / ${"0123456789".repeat(10)}`.slice(0, 80));
  });

  // §4.4.2.4: COMMENT and HISTORY carry free text in columns 9–80, without "= ".
  it("writes commentary text of exactly 72 characters on one card, and empty text as one blank card", () => {
    expect(commentaryCards("HISTORY", "h".repeat(72)).map(formatCard)).toEqual([`HISTORY ${"h".repeat(72)}`]);
    expect(commentaryCards("COMMENT", "").map(formatCard)).toEqual(["COMMENT".padEnd(80)]);
    expect(commentaryCards("COMMENT", "a".repeat(145)).map(formatCard)).toEqual([`COMMENT ${"a".repeat(72)}`, `COMMENT ${"a".repeat(72)}`, "COMMENT a".padEnd(80)]);
    expect(() => commentaryCards("HISTORY", "\x7f")).toThrow("FITS HISTORY: text must be printable ASCII");
  });

  // §3.3.1: a header is whole 2880-byte blocks of 36 cards, END the last card, the rest blanks.
  it("fills exactly one block with 35 cards and END, and starts none for a byte count already whole", () => {
    const bytes = headerBytes(Array.from({ length: 35 }, (_, i) => integerCard(`N${i}`, i)));
    expect(bytes.length).toBe(BLOCK_BYTES);
    expect(bytes.toString("ascii", 35 * 80)).toBe("END".padEnd(80));
    expect(headerBytes([]).toString("ascii")).toBe("END".padEnd(BLOCK_BYTES));
    expect([padTo(0), padTo(1), padTo(BLOCK_BYTES), padTo(BLOCK_BYTES + 1)]).toEqual([0, BLOCK_BYTES, BLOCK_BYTES, 2 * BLOCK_BYTES]);
  });
});
