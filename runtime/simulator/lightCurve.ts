/**
 * Light-curve segments in the 2016 format (design §4): relative flux per colour channel with the
 * planet's transit injected at its real ephemeris (times converted to BJD_TDB) and Gaussian noise
 * of the 2016 per-channel levels. Serialised as the 2016 units did (Python json.dumps style), so
 * bytes look like theirs.
 */
import { unixToBjdTdb } from "../core/barycentricTime.js";
import type { LightCurvePoint } from "../core/lightCurveSegment.js";
import { unixSecondsToIso } from "../core/time.js";
import { transitFluxAt, type LimbDarkening } from "../core/transitModel.js";
import type { CatalogStar } from "../core/catalog.js";
import type { Random } from "./random.js";
import type { PlannedSegment } from "./schedule.js";

export const CHANNELS = ["R", "G", "B"] as const;
export type Channel = (typeof CHANNELS)[number];

/** 1-sigma relative noise per exposure, as written by the 2016 simulator (sig_r, sig_g, sig_b). */
export const CHANNEL_NOISE: Readonly<Record<Channel, number>> = { R: 0.01, G: 0.006, B: 0.017 };

/**
 * Quadratic limb darkening per channel: representative of a G–K dwarf in Johnson R, V, B
 * (Claret 2000, A&A 363, 1081, log g 4.5, Teff 5000–6000 K), rounded; the same for every star.
 */
export const CHANNEL_LIMB_DARKENING: Readonly<Record<Channel, LimbDarkening>> = {
  R: { u1: 0.45, u2: 0.25 },
  G: { u1: 0.55, u2: 0.22 },
  B: { u1: 0.75, u2: 0.1 },
};

/**
 * BJD_TDB of each exposure's middle. The barycentric correction changes by at most ~1e-4 s per
 * second, smoothly, so over a segment of hours a straight line between the two ends is within
 * 1 ms of the exact value: two ephemeris evaluations per segment instead of one per point.
 */
function exposureMidBjd(segment: PlannedSegment): number[] {
  const { star, exptimeS } = segment;
  const mids = segment.timesUnixS.map((t) => t + exptimeS / 2);
  const first = mids[0]!;
  const last = mids.at(-1)!;
  const bjdFirst = unixToBjdTdb(first, star.raDeg, star.decDeg);
  if (last === first) return [bjdFirst];
  const slope = (unixToBjdTdb(last, star.raDeg, star.decDeg) - bjdFirst) / (last - first);
  return mids.map((t) => bjdFirst + (t - first) * slope);
}

/** Noise-free relative flux of a star per channel at a time (BJD_TDB). */
export function modelFlux(star: CatalogStar, bjd: number): Record<Channel, number> {
  const flux = { R: 1, G: 1, B: 1 };
  if (!star.planet) return flux;
  for (const channel of CHANNELS) flux[channel] = transitFluxAt(bjd, { ...star.planet, ...CHANNEL_LIMB_DARKENING[channel] });
  return flux;
}

/** The points of one segment (model flux times noise), in time order. */
export function lightCurvePoints(segment: PlannedSegment, random: Random): LightCurvePoint[] {
  const bjd = segment.star.planet ? exposureMidBjd(segment) : undefined;
  return segment.timesUnixS.map((t, i) => {
    const flux = modelFlux(segment.star, bjd?.[i] ?? 0);
    return {
      time: unixSecondsToIso(t),
      exptime: segment.exptimeS,
      R: flux.R * (1 + CHANNEL_NOISE.R * random.gaussian()),
      G: flux.G * (1 + CHANNEL_NOISE.G * random.gaussian()),
      B: flux.B * (1 + CHANNEL_NOISE.B * random.gaussian()),
      sig_r: CHANNEL_NOISE.R,
      sig_g: CHANNEL_NOISE.G,
      sig_b: CHANNEL_NOISE.B,
    };
  });
}

/** A finite number as Python's repr(float) writes it: `100.0`, `0.006`, `1e-07`. */
function pythonFloat(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  if (/e/.test(text)) return text.replace(/e([+-])(\d)$/, "e$10$2");
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** The segment's JSON bytes: `[{"time": "...", "exptime": 100.0, "R": ...}, ...]`. */
export function serializeLightCurve(points: readonly LightCurvePoint[]): Buffer {
  const items = points.map(
    (p) =>
      `{"time": ${JSON.stringify(p.time)}, "exptime": ${pythonFloat(p.exptime)}, "R": ${pythonFloat(p.R)}, ` +
      `"G": ${pythonFloat(p.G)}, "B": ${pythonFloat(p.B)}, "sig_r": ${pythonFloat(p.sig_r)}, ` +
      `"sig_g": ${pythonFloat(p.sig_g)}, "sig_b": ${pythonFloat(p.sig_b)}}`,
  );
  return Buffer.from(`[${items.join(", ")}]`, "utf8");
}
