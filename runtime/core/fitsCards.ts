/**
 * FITS header cards and blocks, shared by every FITS file PIAA writes (postage-stamp cubes,
 * light-curve tables), after the FITS Standard 4.0 (Pence et al. 2010, A&A 524, A42):
 * 80-character ASCII cards in fixed format, an END card, the header padded with spaces and the
 * data with zeros to 2880-byte blocks.
 */

export const BLOCK_BYTES = 2880;
const CARD_CHARS = 80;
const VALUE_COLUMN_END = 30; // fixed format: numbers and logicals right-justified in columns 11–30

export interface Card {
  keyword: string;
  /** The value field exactly as written (columns 11 on), already formatted. */
  value: string;
  comment?: string;
  /** COMMENT or HISTORY: `value` is free text from column 9, with no "= ". */
  commentary?: boolean;
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

/** A commentary card (COMMENT, HISTORY): free text in columns 9–80, one card per 72 characters. */
export function commentaryCards(keyword: "COMMENT" | "HISTORY", text: string): Card[] {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`FITS ${keyword}: text must be printable ASCII`);
  const lines = text.match(/.{1,72}/g) ?? [""];
  return lines.map((line) => ({ keyword, value: line, commentary: true }));
}

export function formatCard(card: Card): string {
  if (card.commentary) return `${card.keyword.padEnd(8)}${card.value}`.padEnd(CARD_CHARS);
  let text = `${card.keyword.padEnd(8)}= ${card.value}`;
  if (card.comment) text += ` / ${card.comment}`;
  if (text.length > CARD_CHARS) text = text.slice(0, CARD_CHARS); // only the comment can overflow
  if (!/^[\x20-\x7e]*$/.test(text)) throw new RangeError(`FITS card ${card.keyword}: not printable ASCII`);
  return text.padEnd(CARD_CHARS);
}

/** Bytes rounded up to whole 2880-byte blocks. */
export const padTo = (length: number): number => Math.ceil(length / BLOCK_BYTES) * BLOCK_BYTES;

/** A header: the cards, END, and space padding to whole blocks. */
export function headerBytes(cards: readonly Card[]): Buffer {
  const text = cards.map(formatCard).join("") + "END".padEnd(CARD_CHARS);
  return Buffer.from(text.padEnd(padTo(text.length)), "ascii");
}
