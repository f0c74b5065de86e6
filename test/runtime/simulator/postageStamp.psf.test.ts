/**
 * Properties of the synthetic postage stamps that aperture photometry relies on: the PSF puts the
 * star's counts on the stamp (its pixel fractions sum to about 1), peaks at the stamp's centre, is
 * the pixel integral of a Gaussian (checked against an erf of our own, itself checked against
 * Abramowitz & Stegun's table), the stamp's origin keeps it on the sensor, and the mosaic is RGGB.
 * Read back from the cube's bytes in process (no astropy), so mutation runs can use it.
 */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../runtime/core/catalog.js";
import type { LightCurvePoint } from "../../../runtime/core/lightCurveSegment.js";
import type { Channel } from "../../../runtime/simulator/lightCurve.js";
import {
  BIAS_ADU,
  CHANNEL_SHARE,
  SKY_ADU_PER_100S,
  STAMP_HEIGHT,
  STAMP_WIDTH,
  bayerChannel,
  postageStampCube,
  starCounts,
} from "../../../runtime/simulator/postageStamp.js";
import { randomStream, type Random } from "../../../runtime/simulator/random.js";
import type { PlannedSegment } from "../../../runtime/simulator/schedule.js";

/** Canon EOS 100D sensor of the PANOPTES units, pixels (Guyon et al. 2014, SPIE 9145). */
const SENSOR = { width: 5208, height: 3476 };
const EXPOSURE_S = 100;

/** A FITS cube's header values and its frames of NAXIS1 × NAXIS2 big-endian floats (FITS Standard 4.0, §3–4). */
function readCube(bytes: Buffer): { header: Map<string, string>; frames: Float32Array[] } {
  const header = new Map<string, string>();
  let offset = 0;
  for (;; offset += 80) {
    const card = bytes.toString("latin1", offset, offset + 80);
    if (card.startsWith("END ")) break;
    if (card[8] === "=") header.set(card.slice(0, 8).trim(), card.slice(10).split("/")[0]!.trim());
  }
  const dataStart = Math.ceil((offset + 80) / 2880) * 2880;
  const [width, height, depth] = ["NAXIS1", "NAXIS2", "NAXIS3"].map((key) => Number(header.get(key)));
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataStart);
  const frames = Array.from({ length: depth! }, (_, frame) =>
    Float32Array.from({ length: width! * height! }, (_, i) => view.getFloat32((frame * width! * height! + i) * 4, false)),
  );
  return { header, frames };
}

/**
 * erf from its Maclaurin series (Abramowitz & Stegun 7.1.5), summed until the terms vanish: exact
 * to double precision for |x| ≤ 3, where a stamp's pixel edges lie. Independent of the simulator's
 * rational approximation (A&S 7.1.26), which the stamps are checked against.
 */
function referenceErf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Inverse of referenceErf on [0, 1) by bisection. */
function inverseErf(y: number): number {
  let [lo, hi] = [0, 6];
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (referenceErf(mid) < y) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A stream that always gives the middle of each range and no noise: the stamp's expected values. */
const expectedValues: Random = {
  next: () => 0.5,
  uniform: (min, max) => (min + max) / 2,
  integer: (min, max) => Math.floor((min + max) / 2),
  gaussian: () => 0,
  pick: (items) => items[0]!,
};

/** A stream that always gives the top of each range (the farthest a stamp's origin can be drawn). */
const topOfRange: Random = { ...expectedValues, next: () => 1 - 2 ** -53, uniform: (_, max) => max, integer: (_, max) => max };

const star = CATALOG.find((s) => s.id === "hd189733")!;
const segment = (start: string): PlannedSegment => ({
  unit: "PAN001",
  camera: "123456",
  star,
  start,
  timesUnixS: [Date.parse(start) / 1000],
  exptimeS: EXPOSURE_S,
});
const flatPoints = (n: number): LightCurvePoint[] =>
  Array.from({ length: n }, (_, i) => ({
    time: new Date(Date.parse("2026-08-01T05:00:00Z") + i * 102_000).toISOString().slice(0, 19),
    exptime: EXPOSURE_S,
    R: 1,
    G: 1,
    B: 1,
    sig_r: 0.001,
    sig_g: 0.001,
    sig_b: 0.001,
  }));

/** Share of the stamp's pixels of each colour, counted on the mosaic. */
const pixelShare = (channel: Channel): number => {
  let n = 0;
  for (let y = 0; y < STAMP_HEIGHT; y++) for (let x = 0; x < STAMP_WIDTH; x++) if (bayerChannel(x, y) === channel) n++;
  return n / (STAMP_WIDTH * STAMP_HEIGHT);
};

/** Per pixel, the share of the star's counts it holds (sky and bias removed, channel weighting undone). */
function psfFractions(frame: Float32Array, exptimeS: number): number[][] {
  const counts = starCounts(star.vMag, exptimeS);
  const sky = SKY_ADU_PER_100S * (exptimeS / 100);
  return Array.from({ length: STAMP_HEIGHT }, (_, y) =>
    Array.from({ length: STAMP_WIDTH }, (_, x) => {
      const channel = bayerChannel(x, y);
      return (frame[y * STAMP_WIDTH + x]! - BIAS_ADU - sky) / ((counts * CHANNEL_SHARE[channel]) / pixelShare(channel));
    }),
  );
}

const sum = (rows: number[][]): number => rows.flat().reduce((a, b) => a + b, 0);

describe("the erf of this test", () => {
  it("matches Abramowitz & Stegun Table 7.1 to 10 digits", () => {
    // A&S (1964), Table 7.1, erf x.
    const table: [number, number][] = [
      [0.5, 0.5204998778],
      [1.0, 0.8427007929],
      [1.5, 0.9661051465],
      [2.0, 0.995322265],
    ];
    for (const [x, erf] of table) {
      expect(referenceErf(x)).toBeCloseTo(erf, 10);
      expect(referenceErf(-x)).toBeCloseTo(-erf, 10);
    }
  });
});

/** The noise-free stamp's PSF fractions; made inside each test, where a mutation run's mutant is active. */
const noiseFreeFractions = (): number[][] =>
  psfFractions(readCube(postageStampCube(segment("2026-08-01T05:00:00"), flatPoints(1), expectedValues)).frames[0]!, EXPOSURE_S);

describe("postage-stamp PSF", () => {

  it("puts the star's counts on the stamp: the pixel fractions sum to about 1", () => {
    const fractions = noiseFreeFractions();
    expect(sum(fractions)).toBeGreaterThan(0.99);
    expect(sum(fractions)).toBeLessThan(1 + 1e-6);
    expect(Math.min(...fractions.flat())).toBeGreaterThanOrEqual(0);
  });

  it("peaks at the stamp's centre and falls off away from it along both axes", () => {
    const fractions = noiseFreeFractions();
    const peak = Math.max(...fractions.flat());
    const [cx, cy] = [STAMP_WIDTH / 2, STAMP_HEIGHT / 2];
    // The centre is the corner shared by the four middle pixels: they hold the peak alike.
    for (const [x, y] of [[cx - 1, cy - 1], [cx, cy - 1], [cx - 1, cy], [cx, cy]] as const) {
      expect(fractions[y]![x]!).toBeCloseTo(peak, 7); // float32 pixels
    }
    for (let x = cx + 1; x < STAMP_WIDTH; x++) expect(fractions[cy]![x]!).toBeLessThan(fractions[cy]![x - 1]!);
    for (let y = cy + 1; y < STAMP_HEIGHT; y++) expect(fractions[y]![cx]!).toBeLessThan(fractions[y - 1]![cx]!);
  });

  it("is a Gaussian integrated over each pixel, to the 1.5e-7 of A&S 7.1.26's erf", () => {
    const fractions = noiseFreeFractions();
    // With the star at the centre, the middle pixel holds (½·erf(1 / (√2·σ)))²: that gives σ.
    const [cx, cy] = [STAMP_WIDTH / 2, STAMP_HEIGHT / 2];
    const scale = 1 / inverseErf(2 * Math.sqrt(fractions[cy]![cx]!)); // √2·σ
    const fwhm = 2 * Math.sqrt(Math.log(2)) * scale;
    expect(fwhm).toBeGreaterThan(2); // defocused: spread over the mosaic's 2 × 2 cells
    expect(fwhm).toBeLessThan(6);
    const axis = (i: number, centre: number): number => 0.5 * (referenceErf((i + 1 - centre) / scale) - referenceErf((i - centre) / scale));
    for (let y = 0; y < STAMP_HEIGHT; y++) {
      for (let x = 0; x < STAMP_WIDTH; x++) expect(Math.abs(fractions[y]![x]! - axis(x, cx) * axis(y, cy)), `pixel ${x},${y}`).toBeLessThan(5e-7);
    }
  });

  it("keeps about all of the counts on the stamp in every frame of a real, noisy, jittered cube", () => {
    const points = flatPoints(20);
    const { frames } = readCube(postageStampCube(segment("2026-08-01T05:00:00"), points, randomStream("psf-test", "stamp")));
    expect(frames).toHaveLength(points.length);
    for (const frame of frames) {
      // Photon noise of about 1e6 counts and the tails beyond a jittered stamp edge: below 2%.
      expect(sum(psfFractions(frame, EXPOSURE_S))).toBeGreaterThan(0.98);
      expect(sum(psfFractions(frame, EXPOSURE_S))).toBeLessThan(1.02);
    }
  });
});

describe("postage-stamp origin", () => {
  const origin = (random: Random, start = "2026-08-01T05:00:00"): [number, number] => {
    const { header } = readCube(postageStampCube(segment(start), flatPoints(1), random));
    return [Number(header.get("XPIXORG")), Number(header.get("YPIXORG"))];
  };

  it("keeps the stamp on the sensor at the farthest origin that can be drawn", () => {
    const [x, y] = origin(topOfRange);
    expect(x + STAMP_WIDTH).toBeLessThanOrEqual(SENSOR.width);
    expect(y + STAMP_HEIGHT).toBeLessThanOrEqual(SENSOR.height);
    // ...and reaches the far edge (within one Bayer cell): the whole sensor is used.
    expect(x + STAMP_WIDTH).toBeGreaterThan(SENSOR.width - 2);
    expect(y + STAMP_HEIGHT).toBeGreaterThan(SENSOR.height - 2);
  });

  it("is even (so pixel 0, 0 is red) and on the sensor for seeded draws", () => {
    for (let i = 0; i < 50; i++) {
      const [x, y] = origin(randomStream("origin-test", i));
      expect(x % 2).toBe(0);
      expect(y % 2).toBe(0);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(x + STAMP_WIDTH).toBeLessThanOrEqual(SENSOR.width);
      expect(y + STAMP_HEIGHT).toBeLessThanOrEqual(SENSOR.height);
    }
  });
});

describe("bayerChannel", () => {
  it("is the RGGB mosaic: R at even x and y, B at odd x and y, G elsewhere", () => {
    const rows = Array.from({ length: 4 }, (_, y) => Array.from({ length: 4 }, (_, x) => bayerChannel(x, y)).join(""));
    expect(rows).toEqual(["RGRG", "GBGB", "RGRG", "GBGB"]);
  });
});
