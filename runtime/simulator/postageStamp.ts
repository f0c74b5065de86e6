/**
 * Postage-stamp cubes (design §4): 12 × 16 raw pixels around the star, one frame per exposure of
 * the segment. Pixels come from a Gaussian PSF carrying the very R, G, B fluxes of the light-curve
 * points, seen through the RGGB Bayer mosaic of the units' DSLR sensors, on a bias and sky level,
 * with photon and read noise; so aperture photometry of the cube gives back the light curve.
 */
import type { LightCurvePoint } from "../core/lightCurveSegment.js";
import { floatCard, integerCard, stringCard, type Card } from "../core/fitsCards.js";
import { writeFitsImage } from "./fits.js";
import type { Channel } from "./lightCurve.js";
import type { Random } from "./random.js";
import type { PlannedSegment } from "./schedule.js";

export const STAMP_WIDTH = 12; // NAXIS1 (x)
export const STAMP_HEIGHT = 16; // NAXIS2 (y)
/** Canon EOS 100D sensor of PANOPTES units (Guyon et al. 2014, SPIE 9145), pixels. */
const SENSOR_WIDTH = 5208;
const SENSOR_HEIGHT = 3476;
export const BIAS_ADU = 2048;
export const SKY_ADU_PER_100S = 100;
const READ_NOISE_ADU = 10;
/** Assumed: a V = 8 star gives this many counts in 100 s over the whole PSF (gain 1 e-/ADU). */
const COUNTS_V8_PER_100S = 2e5;
/** Share of the star's counts per channel, and of the mosaic's pixels per channel. */
export const CHANNEL_SHARE: Readonly<Record<Channel, number>> = { R: 0.3, G: 0.45, B: 0.25 };
const CHANNEL_PIXEL_SHARE: Readonly<Record<Channel, number>> = { R: 0.25, G: 0.5, B: 0.25 };
/** Defocused a little, as PANOPTES units do, so the Bayer mosaic samples the PSF evenly. */
const FWHM_PX: readonly [number, number] = [3.5, 4.5];
const POINTING_JITTER_PX = 0.15;

/** RGGB mosaic: the colour of pixel (x, y) of a stamp whose origin is Bayer-aligned (even). */
export function bayerChannel(x: number, y: number): Channel {
  if (y % 2 === 0) return x % 2 === 0 ? "R" : "G";
  return x % 2 === 0 ? "G" : "B";
}

/** Total counts of a star of magnitude V in an exposure. */
export function starCounts(vMag: number, exptimeS: number): number {
  return COUNTS_V8_PER_100S * 10 ** (-0.4 * (vMag - 8)) * (exptimeS / 100);
}

/** erf, Abramowitz & Stegun 7.1.26 (|error| ≤ 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

/** Fraction of a Gaussian PSF (centre c, sigma s) falling on each pixel [i, i+1) of an axis. */
function pixelFractions(length: number, centre: number, sigma: number): Float64Array {
  const fractions = new Float64Array(length);
  const scale = Math.SQRT2 * sigma;
  for (let i = 0; i < length; i++) fractions[i] = 0.5 * (erf((i + 1 - centre) / scale) - erf((i - centre) / scale));
  return fractions;
}

/** `{unit}_{camera}_{YYYYMMDD_HHMMSS}UT`, the 2016 sequence id. */
export function sequenceId(segment: Pick<PlannedSegment, "unit" | "camera" | "start">): string {
  const digits = segment.start.replace(/[-:]/g, "").slice(0, 15); // YYYYMMDDTHHMMSS
  return `${segment.unit}_${segment.camera}_${digits.replace("T", "_")}UT`;
}

function headerCards(segment: PlannedSegment, points: readonly LightCurvePoint[], origin: [number, number]): Card[] {
  const cards = [
    stringCard("SEQID", sequenceId(segment), "unit_camera_start of the sequence"),
    stringCard("FIELD", segment.star.name, "field observed"),
    floatCard("RA", segment.star.raDeg, "[deg] right ascension of the star"),
    floatCard("DEC", segment.star.decDeg, "[deg] declination of the star"),
    floatCard("EQUINOX", 2000.0, "equinox of RA and DEC"),
    stringCard("PICID", segment.star.pic, "PANOPTES Input Catalog id"),
    stringCard("OBSTIME", segment.start, "UTC start of the segment"),
    integerCard("XPIXORG", origin[0], "[px] x of the stamp origin on the sensor"),
    integerCard("YPIXORG", origin[1], "[px] y of the stamp origin on the sensor"),
  ];
  points.forEach((point, i) => {
    const index = String(i).padStart(4, "0");
    cards.push(stringCard(`TIME${index}`, point.time, "UTC start of exposure"));
    cards.push(floatCard(`EXPT${index}`, point.exptime, "[s] exposure time"));
  });
  return cards;
}

/**
 * The FITS bytes of a segment's cube. `points` are the segment's light-curve points (their R, G,
 * B set each frame's channel fluxes); `random` supplies the geometry and noise.
 */
export function postageStampCube(segment: PlannedSegment, points: readonly LightCurvePoint[], random: Random): Buffer {
  // Stamp origin on the sensor: even, so pixel (0, 0) is red; fixed for the segment.
  const origin: [number, number] = [
    2 * random.integer(0, (SENSOR_WIDTH - STAMP_WIDTH) / 2),
    2 * random.integer(0, (SENSOR_HEIGHT - STAMP_HEIGHT) / 2),
  ];
  const sigma = random.uniform(...FWHM_PX) / (2 * Math.sqrt(2 * Math.log(2)));
  const centre = [STAMP_WIDTH / 2 + random.uniform(-0.5, 0.5), STAMP_HEIGHT / 2 + random.uniform(-0.5, 0.5)] as const;
  const frameSize = STAMP_WIDTH * STAMP_HEIGHT;
  const data = new Float32Array(frameSize * points.length);
  points.forEach((point, frame) => {
    const fx = pixelFractions(STAMP_WIDTH, centre[0] + POINTING_JITTER_PX * random.gaussian(), sigma);
    const fy = pixelFractions(STAMP_HEIGHT, centre[1] + POINTING_JITTER_PX * random.gaussian(), sigma);
    const counts = starCounts(segment.star.vMag, point.exptime);
    const sky = SKY_ADU_PER_100S * (point.exptime / 100);
    for (let y = 0; y < STAMP_HEIGHT; y++) {
      for (let x = 0; x < STAMP_WIDTH; x++) {
        const channel = bayerChannel(x, y);
        const star = (counts * CHANNEL_SHARE[channel] * point[channel] * fx[x]! * fy[y]!) / CHANNEL_PIXEL_SHARE[channel];
        const noise = Math.sqrt(READ_NOISE_ADU ** 2 + Math.max(0, star + sky)) * random.gaussian();
        data[frame * frameSize + y * STAMP_WIDTH + x] = BIAS_ADU + sky + star + noise;
      }
    }
  });
  return writeFitsImage({ shape: [STAMP_WIDTH, STAMP_HEIGHT, points.length], data, cards: headerCards(segment, points, origin) });
}

