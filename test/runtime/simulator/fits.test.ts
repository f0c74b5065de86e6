import { describe, expect, it } from "vitest";
import { BLOCK_BYTES, floatCard } from "../../../runtime/core/fitsCards.js";
import { writeFitsImage } from "../../../runtime/simulator/fits.js";

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
