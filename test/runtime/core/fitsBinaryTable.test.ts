import { describe, expect, it } from "vitest";
import { writeFitsTable } from "../../../runtime/core/fitsBinaryTable.js";
import { BLOCK_BYTES, stringCard } from "../../../runtime/core/fitsCards.js";

const cardsOf = (block: Buffer): string[] => block.toString("ascii").match(/.{80}/g)!.map((card) => card.trimEnd());

describe("writeFitsTable", () => {
  // FITS Standard 4.0 §7.3: NAXIS1 = bytes per row, fields in TFORM order, big-endian; L is "T"/"F".
  it("writes an empty primary HDU, then the table header and big-endian rows padded with zeros", () => {
    const bytes = writeFitsTable({
      primaryCards: [stringCard("OBJECT", "Vega")],
      extname: "LIGHTCURVE",
      columns: [
        { name: "time", form: "D", unit: "d", values: [2461254.5, -1.25] },
        { name: "in_transit", form: "L", values: [1, 0] },
        { name: "unit", form: "A", values: ["PAN001", "PAN12"] },
      ],
      tableCards: [stringCard("TIMESYS", "TDB")],
    });
    expect(bytes.length).toBe(3 * BLOCK_BYTES);
    const primary = cardsOf(bytes.subarray(0, BLOCK_BYTES));
    expect(primary.slice(0, 6).map((card) => card.replace(/ *\/.*$/, ""))).toEqual([
      "SIMPLE  =                    T",
      "BITPIX  =                    8",
      "NAXIS   =                    0",
      "EXTEND  =                    T",
      "OBJECT  = 'Vega    '",
      "END",
    ]);
    const table = cardsOf(bytes.subarray(BLOCK_BYTES, 2 * BLOCK_BYTES)).filter((card) => card !== "");
    expect(table.map((card) => card.replace(/ *\/.*$/, ""))).toEqual([
      "XTENSION= 'BINTABLE'",
      "BITPIX  =                    8",
      "NAXIS   =                    2",
      "NAXIS1  =                   15",
      "NAXIS2  =                    2",
      "PCOUNT  =                    0",
      "GCOUNT  =                    1",
      "TFIELDS =                    3",
      "TTYPE1  = 'time    '",
      "TFORM1  = 'D       '",
      "TUNIT1  = 'd       '",
      "TTYPE2  = 'in_transit'",
      "TFORM2  = 'L       '",
      "TTYPE3  = 'unit    '",
      "TFORM3  = '6A      '",
      "EXTNAME = 'LIGHTCURVE'",
      "TIMESYS = 'TDB     '",
      "END",
    ]);
    const data = bytes.subarray(2 * BLOCK_BYTES);
    expect(data.readDoubleBE(0)).toBe(2461254.5);
    expect(data.subarray(8, 15).toString("ascii")).toBe("TPAN001");
    expect(data.readDoubleBE(15)).toBe(-1.25);
    expect(data.subarray(23, 30).toString("ascii")).toBe("FPAN12 ");
    expect(data.subarray(30).every((b) => b === 0)).toBe(true);
  });

  it("refuses columns of different lengths and strings that are not printable ASCII", () => {
    const base = { primaryCards: [], extname: "T", tableCards: [] };
    expect(() => writeFitsTable({ ...base, columns: [{ name: "a", form: "D", values: [1, 2] }, { name: "b", form: "D", values: [1] }] })).toThrow(/column b has 1 rows, not 2/);
    expect(() => writeFitsTable({ ...base, columns: [{ name: "s", form: "A", values: ["é"] }] })).toThrow(/column s: row 0 is not printable ASCII/);
  });
});
