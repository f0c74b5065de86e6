/**
 * A FITS file holding one primary image, BITPIX -32 (big-endian IEEE floats, NAXIS1 varying
 * fastest), with the cards of core/fitsCards.ts: the postage-stamp cubes.
 */
import { headerBytes, integerCard, logicalCard, padTo, type Card } from "../core/fitsCards.js";

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
  const header = headerBytes([
    logicalCard("SIMPLE", true, "conforms to FITS standard"),
    integerCard("BITPIX", -32, "IEEE single precision floating point"),
    integerCard("NAXIS", image.shape.length, "number of array dimensions"),
    ...image.shape.map((length, i) => integerCard(`NAXIS${i + 1}`, length)),
    logicalCard("EXTEND", true),
    ...image.cards,
  ]);
  const out = Buffer.alloc(header.length + padTo(pixels * 4)); // data padding is zeros
  header.copy(out);
  const view = new DataView(out.buffer, out.byteOffset + header.length, pixels * 4);
  for (let i = 0; i < pixels; i++) view.setFloat32(i * 4, image.data[i]!, false);
  return out;
}
