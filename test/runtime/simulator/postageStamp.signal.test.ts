/**
 * What a postage-stamp pixel holds besides the PSF's shape (postageStamp.psf.test.ts): a star's
 * counts grow by Pogson's ratio per magnitude and in proportion to the exposure, from the
 * documented 2e5 counts of a V = 8 star in 100 s; the star's image has the full width at half
 * maximum drawn from the units' defocus; and a pixel's noise is read noise plus photon noise, so
 * away from the star its variance is the read noise's square plus the sky's counts (Poisson, at
 * the gain of 1 e-/ADU the simulator assumes). Read back from the cube's bytes, made inside each test.
 */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../runtime/core/catalog.js";
import type { LightCurvePoint } from "../../../runtime/core/lightCurveSegment.js";
import type { Channel } from "../../../runtime/simulator/lightCurve.js";
import { BIAS_ADU, CHANNEL_SHARE, SKY_ADU_PER_100S, STAMP_HEIGHT, STAMP_WIDTH, bayerChannel, postageStampCube, starCounts } from "../../../runtime/simulator/postageStamp.js";
import { randomStream, type Random } from "../../../runtime/simulator/random.js";

const EXPOSURE_S = 100;
const FRAME = STAMP_WIDTH * STAMP_HEIGHT;
/** A 2 × 2 cell of the RGGB mosaic holds one red, two green and one blue pixel. */
const MOSAIC_SHARE: Readonly<Record<Channel, number>> = { R: 0.25, G: 0.5, B: 0.25 };
/** Read noise the simulator gives its sensors, ADU (postageStamp.ts). */
const READ_NOISE_ADU = 10;

const star = CATALOG.find((s) => s.id === "hd189733")!;
const points = (n: number): LightCurvePoint[] =>
  Array.from({ length: n }, (_, i) => ({ time: `2026-08-01T05:${String(i % 60).padStart(2, "0")}:00`, exptime: EXPOSURE_S, R: 1, G: 1, B: 1, sig_r: 0.01, sig_g: 0.006, sig_b: 0.017 }));

/** The frames of a cube: its data unit is the whole 2880-byte blocks at the end of the file (FITS Standard 4.0, §3.3.2), big-endian floats. */
function framesOf(cube: Buffer, count: number): Float32Array[] {
  const view = new DataView(cube.buffer, cube.byteOffset + cube.length - Math.ceil((count * FRAME * 4) / 2880) * 2880);
  return Array.from({ length: count }, (_, f) => Float32Array.from({ length: FRAME }, (_, i) => view.getFloat32((f * FRAME + i) * 4)));
}

function cube(n: number, random: Random): Float32Array[] {
  const segment = { unit: "PAN001", camera: "123456", star, start: "2026-08-01T05:00:00", timesUnixS: [], exptimeS: EXPOSURE_S };
  return framesOf(postageStampCube(segment, points(n), random), n);
}

describe("a star's counts", () => {
  it("are 2e5 for V = 8 in 100 s, grow 10^0.4 times per magnitude brighter (Pogson 1856, MNRAS 17, 12) and with the exposure", () => {
    expect(starCounts(8, 100)).toBeCloseTo(2e5, 6);
    for (const v of [4, 6.5, 7.67, 9, 11]) expect(starCounts(v - 1, 100) / starCounts(v, 100)).toBeCloseTo(10 ** 0.4, 10);
    expect(starCounts(7.67, 250) / starCounts(7.67, 100)).toBeCloseTo(2.5, 10);
  });
});

describe("the star's image", () => {
  it("has the FWHM drawn from the units' defocus: 4.0 px, the middle of 3.5–4.5 px, with a mid-range stream", () => {
    const midRange: Random = { next: () => 0.5, uniform: (min, max) => (min + max) / 2, integer: (min, max) => Math.floor((min + max) / 2), gaussian: () => 0, pick: (items) => items[0]! };
    const [frame] = cube(1, midRange);
    // The star's counts per pixel (bias and sky removed, the mosaic's colour weighting undone), summed into rows and into columns.
    const rows = new Array<number>(STAMP_HEIGHT).fill(0);
    const columns = new Array<number>(STAMP_WIDTH).fill(0);
    for (let y = 0; y < STAMP_HEIGHT; y++) {
      for (let x = 0; x < STAMP_WIDTH; x++) {
        const channel = bayerChannel(x, y);
        const counts = ((frame![y * STAMP_WIDTH + x]! - BIAS_ADU - SKY_ADU_PER_100S) * MOSAIC_SHARE[channel]) / CHANNEL_SHARE[channel];
        rows[y]! += counts;
        columns[x]! += counts;
      }
    }
    // A Gaussian's FWHM is 2√(2 ln 2)·σ; summing over whole pixels adds 1/12 px² to its variance (Sheppard's correction).
    const fwhm = (profile: number[]): number => {
      const total = profile.reduce((a, b) => a + b, 0);
      const mean = profile.reduce((sum, value, i) => sum + value * (i + 0.5), 0) / total;
      const variance = profile.reduce((sum, value, i) => sum + value * (i + 0.5 - mean) ** 2, 0) / total - 1 / 12;
      return 2 * Math.sqrt(2 * Math.log(2) * variance);
    };
    expect(fwhm(rows)).toBeCloseTo(4, 2);
    // Across the 12 columns the stamp ends 3.5σ from the centre: the cut tails narrow it a little.
    expect(fwhm(columns)).toBeGreaterThan(3.97);
    expect(fwhm(columns)).toBeLessThan(4.01);
  });
});

describe("a pixel's noise", () => {
  it("away from the star, has the variance of the read noise plus the sky's photon noise about the bias plus sky", () => {
    const frames = cube(800, randomStream("stamp-noise", "corners"));
    // The stamp's four corner pixels: 5.5 px and more from the star across, 7.5 px and more along (4σ of the PSF).
    const corners = [0, STAMP_WIDTH - 1].flatMap((x) => [0, STAMP_HEIGHT - 1].map((y) => y * STAMP_WIDTH + x));
    const values = frames.flatMap((frame) => corners.map((i) => frame[i]!));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
    const sky = SKY_ADU_PER_100S * (EXPOSURE_S / 100);
    expect(Math.abs(mean - (BIAS_ADU + sky))).toBeLessThan(1); // 4 standard errors
    // 3,200 values: the variance is known to about ±2.5% (1σ).
    expect(variance / (READ_NOISE_ADU ** 2 + sky)).toBeGreaterThan(0.9);
    expect(variance / (READ_NOISE_ADU ** 2 + sky)).toBeLessThan(1.1);
  });
});
