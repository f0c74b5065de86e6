/**
 * A minimal FITS writer for one primary image (FITS Standard 4.0, Pence et al. 2010, A&A 524,
 * A42): 80-character ASCII header cards in fixed format, an END card, the header padded with
 * spaces and the data with zeros to 2880-byte blocks, big-endian IEEE floats (BITPIX -32).
 */

export const BLOCK_BYTES = 2880;
const CARD_CHARS = 80;
const VALUE_COLUMN_END = 30; // fixed format: numbers and logicals right-justified in columns 11–30

export interface Card {
  keyword: string;
  /** The value field exactly as written (columns 11 on), already formatted. */
  value: string;
  comment?: string;
}

function checkKeyword(keyword: string): string {
  if (!/^[A-Z0-9_-]{1,8}$/.test(keyword)) throw new RangeError(`invalid FITS keyword ${JSON.stringify(keyword)}: 1–8 of A–Z 0–9 _ -`);
  return keyword;
}

const fixed = (text: string): string => text.padStart(VALUE_COLUMN_END - 10);

export const logicalCard = (keyword: string, value: boolean, comment?: string): Card => ({
  keyword: checkKeyword(keyword),
  value: fixed(value ? "T" : "F"),
  comment,
});

export function integerCard(keyword: string, value: number, comment?: string): Card {
  if (!Number.isSafeInteger(value)) throw new RangeError(`FITS ${keyword}: ${value} is not an integer`);
  return { keyword: checkKeyword(keyword), value: fixed(String(value)), comment };
}

/** A real value, always with a decimal point (2000 would read back as an integer) and an E exponent. */
export function floatCard(keyword: string, value: number, comment?: string): Card {
  if (!Number.isFinite(value)) throw new RangeError(`FITS ${keyword}: ${value} is not a finite number`);
  let text = String(value).toUpperCase();
  const [mantissa = "", exponent] = text.split("E");
  if (!mantissa.includes(".")) text = `${mantissa}.0${exponent === undefined ? "" : `E${exponent}`}`;
  return { keyword: checkKeyword(keyword), value: fixed(text), comment };
}

/** A character string: quoted from column 11, at least 8 characters inside the quotes. */
export function stringCard(keyword: string, value: string, comment?: string): Card {
  if (!/^[\x20-\x7e]*$/.test(value)) throw new RangeError(`FITS ${keyword}: strings must be printable ASCII`);
  const quoted = `'${value.replace(/'/g, "''").padEnd(8)}'`;
  if (quoted.length > 70) throw new RangeError(`FITS ${keyword}: string longer than 68 characters`);
  return { keyword: checkKeyword(keyword), value: quoted, comment };
}

export function formatCard(card: Card): string {
  let text = `${card.keyword.padEnd(8)}= ${card.value}`;
  if (card.comment) text += ` / ${card.comment}`;
  if (text.length > CARD_CHARS) text = text.slice(0, CARD_CHARS); // only the comment can overflow
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`FITS card ${card.keyword}: not printable ASCII`);
  return text.padEnd(CARD_CHARS);
}

const padTo = (length: number): number => Math.ceil(length / BLOCK_BYTES) * BLOCK_BYTES;

export interface FitsImage {
  /** Axis lengths, NAXIS1 (fastest varying) first. */
  shape: readonly number[];
  /** Pixel values in FITS order (NAXIS1 fastest). */
  data: Float32Array;
  /** Cards after the mandatory SIMPLE/BITPIX/NAXISn/EXTEND. */
  cards: readonly Card[];
}

/** The bytes of a single-HDU FITS file holding a BITPIX -32 image. */
export function writeFitsImage(image: FitsImage): Buffer {
  const pixels = image.shape.reduce((a, b) => a * b, 1);
  if (pixels !== image.data.length) throw new RangeError(`FITS data has ${image.data.length} values, shape needs ${pixels}`);
  const cards = [
    logicalCard("SIMPLE", true, "conforms to FITS standard"),
    integerCard("BITPIX", -32, "IEEE single precision floating point"),
    integerCard("NAXIS", image.shape.length, "number of array dimensions"),
    ...image.shape.map((length, i) => integerCard(`NAXIS${i + 1}`, length)),
    logicalCard("EXTEND", true),
    ...image.cards,
  ];
  const header = cards.map(formatCard).join("") + "END".padEnd(CARD_CHARS);
  const headerBytes = padTo(header.length);
  const dataBytes = padTo(pixels * 4);
  const out = Buffer.alloc(headerBytes + dataBytes); // data padding is zeros
  out.write(header.padEnd(headerBytes), 0, "ascii");
  const view = new DataView(out.buffer, out.byteOffset + headerBytes, pixels * 4);
  for (let i = 0; i < pixels; i++) view.setFloat32(i * 4, image.data[i]!, false);
  return out;
}
