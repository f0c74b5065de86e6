/**
 * A limb-darkened transit model (runtime/core/transitModel.ts) matched to a BLS box, for drawing
 * over the folded light curve: a central transit (impact parameter 0) whose first-to-fourth
 * contact duration is the box duration and whose mean depth over the box is the box depth.
 */
import { transitFlux } from "../core/transitModel.js";
import { CHANNEL_LIMB_DARKENING } from "../core/limbDarkening.js";
import type { BoxEphemeris } from "./transitStatistics.js";

/** The combined R+G+B flux is dominated by G: its coefficients (core/limbDarkening.ts). */
const LIMB_DARKENING = CHANNEL_LIMB_DARKENING.G;
const BOX_SAMPLES = 41;

interface Geometry {
  radiusRatio: number;
  semiMajorAxis: number;
}

function geometryFor(radiusRatio: number, box: BoxEphemeris): Geometry {
  // Central transit: contact 1 to 4 when a·sin(2π·t/P) = 1 + p, i.e. t = ±D/2.
  const semiMajorAxis = (1 + radiusRatio) / Math.sin((Math.PI * box.durationDays) / box.periodDays);
  return { radiusRatio, semiMajorAxis };
}

function fluxAt(offsetDays: number, box: BoxEphemeris, geometry: Geometry): number {
  const angle = (2 * Math.PI * offsetDays) / box.periodDays;
  if (Math.cos(angle) <= 0) return 1;
  const z = geometry.semiMajorAxis * Math.abs(Math.sin(angle));
  return transitFlux(z, geometry.radiusRatio, LIMB_DARKENING.u1, LIMB_DARKENING.u2);
}

function meanDepthOverBox(box: BoxEphemeris, geometry: Geometry): number {
  let sum = 0;
  for (let k = 0; k < BOX_SAMPLES; k++) sum += 1 - fluxAt(((k / (BOX_SAMPLES - 1)) - 0.5) * box.durationDays, box, geometry);
  return sum / BOX_SAMPLES;
}

/** Model flux at each offset from mid-transit (days); flat 1 when the depth is not positive. */
export function transitModelCurve(box: BoxEphemeris & { depth: number }, offsetsDays: readonly number[]): number[] {
  if (!(box.depth > 0) || !(box.durationDays > 0)) return offsetsDays.map(() => 1);
  // Bisection on Rp/R*: the mean depth over the box grows monotonically with it.
  let low = 1e-4;
  let high = 1;
  for (let iteration = 0; iteration < 40; iteration++) {
    const mid = (low + high) / 2;
    if (meanDepthOverBox(box, geometryFor(mid, box)) < box.depth) low = mid;
    else high = mid;
  }
  const geometry = geometryFor((low + high) / 2, box);
  return offsetsDays.map((offset) => fluxAt(offset, box, geometry));
}
