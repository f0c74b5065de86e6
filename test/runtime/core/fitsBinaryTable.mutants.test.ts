/**
 * The BINTABLE layout of the FITS Standard 4.0 (Pence et al. 2010, A&A 524, A42) at its edges:
 * a table streamed in parts is the same file (§7.3: rows of NAXIS1 bytes, NAXIS2 of them, the
 * data padded with zeros to whole 2880-byte blocks), a logical field is "T" for any
 * nonzero value (TFORM L), a string field as wide as the longest value, blank-filled.
 */
import { describe, expect, it } from "vitest";
import { fitsTableParts, writeFitsTable, type FitsColumn, type FitsTable } from "../../../runtime/core/fitsBinaryTable.js";
import { BLOCK_BYTES } from "../../../runtime/core/fitsCards.js";

const table = (columns: FitsColumn[]): FitsTable => ({ primaryCards: [], extname: "T", columns, tableCards: [] });

/** The header cards of the table HDU (the second block), without comments and trailing blanks. */
const tableHeader = (bytes: Buffer): string[] =>
  bytes
    .toString("ascii", BLOCK_BYTES, 2 * BLOCK_BYTES)
    .match(/.{80}/g)!
    .map((card) => card.replace(/ *\/.*$/, "").trimEnd())
    .filter((card) => card !== "");

const data = (bytes: Buffer): Buffer => bytes.subarray(2 * BLOCK_BYTES);

describe("fitsTableParts", () => {
  const columns: FitsColumn[] = [
    { name: "time", form: "D", values: [1, 2, 3, 4, 5] },
    { name: "ok", form: "L", values: [1, 0, 1, 0, 1] },
  ];

  it("yields the two headers, the rows in parts of at most rowsPerPart, then the zero padding", () => {
    const parts = [...fitsTableParts(table(columns), 2)];
    expect(parts.map((part) => part.length)).toEqual([BLOCK_BYTES, BLOCK_BYTES, 18, 18, 9, BLOCK_BYTES - 45]);
    expect(Buffer.concat(parts).equals(writeFitsTable(table(columns)))).toBe(true);
    expect([...fitsTableParts(table(columns), 5)].map((part) => part.length)).toEqual([BLOCK_BYTES, BLOCK_BYTES, 45, BLOCK_BYTES - 45]);
  });

  it("writes each row at its own offset within a later part", () => {
    const bytes = Buffer.concat([...fitsTableParts(table(columns), 2)]);
    const rows = data(bytes);
    expect([0, 1, 2, 3, 4].map((row) => rows.readDoubleBE(row * 9))).toEqual([1, 2, 3, 4, 5]);
    expect([0, 1, 2, 3, 4].map((row) => String.fromCharCode(rows[row * 9 + 8]!))).toEqual(["T", "F", "T", "F", "T"]);
  });

  it("adds no padding when the rows end on a block boundary", () => {
    const bytes = writeFitsTable(table([{ name: "x", form: "D", values: Array.from({ length: 360 }, (_, i) => i) }]));
    expect(bytes.length).toBe(3 * BLOCK_BYTES); // 360 rows × 8 bytes = one block
    expect(data(bytes).readDoubleBE(359 * 8)).toBe(359);
  });
});

describe("writeFitsTable fields", () => {
  it("takes any nonzero number as a true logical", () => {
    const bytes = writeFitsTable(table([{ name: "flag", form: "L", values: [2, -1, 0, 0.5] }]));
    expect(data(bytes).toString("ascii", 0, 4)).toBe("TTFT");
  });

  it("gives a string column the width of its longest value, blank-filled, and at least one character", () => {
    const bytes = writeFitsTable(table([{ name: "s", form: "A", values: ["ab", "", "abcd", "c"] }]));
    expect(tableHeader(bytes)).toContain("TFORM1  = '4A      '");
    expect(tableHeader(bytes)).toContain("NAXIS1  =                    4");
    expect(data(bytes).toString("ascii", 0, 16)).toBe("ab      abcdc   ");
    const empty = writeFitsTable(table([{ name: "s", form: "A", values: ["", ""] }]));
    expect(tableHeader(empty)).toContain("TFORM1  = '1A      '");
    expect(data(empty).toString("ascii", 0, 2)).toBe("  ");
  });

  it("writes TUNIT only for a column with a unit, numbered after the column", () => {
    const bytes = writeFitsTable(
      table([
        { name: "a", form: "D", values: [0] },
        { name: "b", form: "D", unit: "", values: [0] },
        { name: "c", form: "D", unit: "d", values: [0] },
      ]),
    );
    expect(tableHeader(bytes).filter((card) => card.startsWith("TUNIT"))).toEqual(["TUNIT3  = 'd       '"]);
  });

  it("writes a table without columns as zero rows of zero bytes", () => {
    const bytes = writeFitsTable(table([]));
    expect(bytes.length).toBe(2 * BLOCK_BYTES);
    expect(tableHeader(bytes)).toEqual(expect.arrayContaining(["NAXIS1  =                    0", "NAXIS2  =                    0", "TFIELDS =                    0"]));
  });

  it("names the column and row of a string that is not printable ASCII", () => {
    expect(() => writeFitsTable(table([{ name: "unit", form: "A", values: ["PAN001", "PAN\x7f"] }]))).toThrow("FITS column unit: row 1 is not printable ASCII");
    expect(writeFitsTable(table([{ name: "unit", form: "A", values: [" ~"] }])).toString("ascii", 2 * BLOCK_BYTES, 2 * BLOCK_BYTES + 2)).toBe(" ~");
  });
});
