/**
 * A FITS file holding a data-less primary HDU and one BINTABLE extension (FITS Standard 4.0,
 * Pence et al. 2010, A&A 524, A42, §7.3): rows of fixed width, fields big-endian, doubles (D),
 * logicals (L, ASCII "T"/"F") and character strings (nA, padded with spaces, which readers strip).
 */
import { headerBytes, integerCard, logicalCard, padTo, stringCard, type Card } from "./fitsCards.js";

export type FitsColumn = { name: string; unit?: string } & (
  | { form: "D"; values: ArrayLike<number> }
  /** Nonzero = true. */
  | { form: "L"; values: ArrayLike<number> }
  | { form: "A"; values: readonly string[] }
);

export interface FitsTable {
  /** Cards of the primary HDU after SIMPLE/BITPIX/NAXIS/EXTEND. */
  primaryCards: readonly Card[];
  extname: string;
  columns: readonly FitsColumn[];
  /** Cards of the table HDU after the column descriptions and EXTNAME. */
  tableCards: readonly Card[];
}

/** Bytes per row of a column: strings take the longest value (at least one character). */
function fieldBytes(column: FitsColumn): number {
  if (column.form === "D") return 8;
  if (column.form === "L") return 1;
  return column.values.reduce((widest, value) => Math.max(widest, value.length), 1);
}

function columnCards(column: FitsColumn, index: number, width: number): Card[] {
  const n = index + 1;
  const cards = [stringCard(`TTYPE${n}`, column.name), stringCard(`TFORM${n}`, column.form === "A" ? `${width}A` : column.form)];
  if (column.unit) cards.push(stringCard(`TUNIT${n}`, column.unit));
  return cards;
}

function writeField(view: DataView, offset: number, column: FitsColumn, row: number, width: number): void {
  if (column.form === "D") view.setFloat64(offset, column.values[row]!, false);
  else if (column.form === "L") view.setUint8(offset, column.values[row] ? 0x54 : 0x46); // "T" / "F"
  else {
    const text = column.values[row]!;
    if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`FITS column ${column.name}: row ${row} is not printable ASCII`);
    for (let i = 0; i < width; i++) view.setUint8(offset + i, i < text.length ? text.charCodeAt(i) : 0x20);
  }
}

/**
 * The file in parts of at most `rowsPerPart` rows (headers first, the zero padding last), so that a
 * server can send a large table without formatting it in one go; the parts joined are the file.
 */
export function* fitsTableParts(table: FitsTable, rowsPerPart = Infinity): Generator<Buffer> {
  const rows = table.columns[0]?.values.length ?? 0;
  for (const column of table.columns) {
    if (column.values.length !== rows) throw new RangeError(`FITS column ${column.name} has ${column.values.length} rows, not ${rows}`);
  }
  const widths = table.columns.map(fieldBytes);
  const rowBytes = widths.reduce((a, b) => a + b, 0);
  yield headerBytes([
    logicalCard("SIMPLE", true, "conforms to FITS standard"),
    integerCard("BITPIX", 8, "no primary data"),
    integerCard("NAXIS", 0),
    logicalCard("EXTEND", true, "a BINTABLE extension follows"),
    ...table.primaryCards,
  ]);
  yield headerBytes([
    stringCard("XTENSION", "BINTABLE", "binary table extension"),
    integerCard("BITPIX", 8),
    integerCard("NAXIS", 2),
    integerCard("NAXIS1", rowBytes, "bytes per row"),
    integerCard("NAXIS2", rows, "rows"),
    integerCard("PCOUNT", 0),
    integerCard("GCOUNT", 1),
    integerCard("TFIELDS", table.columns.length),
    ...table.columns.flatMap((column, i) => columnCards(column, i, widths[i]!)),
    stringCard("EXTNAME", table.extname),
    ...table.tableCards,
  ]);
  for (let from = 0; from < rows; from += rowsPerPart) {
    const to = Math.min(rows, from + rowsPerPart);
    const part = Buffer.alloc(rowBytes * (to - from));
    const view = new DataView(part.buffer, part.byteOffset, part.length);
    for (let row = from, offset = 0; row < to; row++) {
      for (const [i, column] of table.columns.entries()) {
        writeField(view, offset, column, row, widths[i]!);
        offset += widths[i]!;
      }
    }
    yield part;
  }
  yield Buffer.alloc(padTo(rowBytes * rows) - rowBytes * rows); // data padding is zeros
}

export function writeFitsTable(table: FitsTable): Buffer {
  return Buffer.concat([...fitsTableParts(table)]);
}
