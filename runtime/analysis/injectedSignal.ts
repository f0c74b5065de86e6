/**
 * Synthetic signals multiplied into a star's own master light curve, for injection and recovery:
 * a transit of the quadratic limb-darkened model of runtime/core/transitModel.ts, evaluated at
 * each exposure's mid-time in BJD_TDB with each channel's limb darkening (as the simulator
 * injects its planets), or a sinusoid of the same amplitude in every channel.
 */
import { CHANNEL_LIMB_DARKENING } from "../core/limbDarkening.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { transitFluxAt, type TransitEphemeris } from "../core/transitModel.js";
import { CHANNELS, type Channel } from "./analyzeMasterLightCurve.js";
import { midExposureBjd, picPosition } from "./starTime.js";

export interface InjectedTransit extends TransitEphemeris {
  kind: "transit";
}

export interface InjectedSinusoid {
  kind: "sinusoid";
  periodDays: number;
  /** Relative semi-amplitude: the flux is multiplied by 1 + amplitude·sin(2π(t − epoch)/P + phase). */
  amplitude: number;
  /** Radians. */
  phase: number;
  /** BJD_TDB from which the phase counts. */
  epochBjd: number;
}

export type InjectedSignal = InjectedTransit | InjectedSinusoid;

/**
 * A central transit (impact parameter 0) lasting `durationDays` from first to fourth contact:
 * the planet's centre is 1 + p stellar radii from the star's at ±D/2, so a/R* = (1 + p)/sin(πD/P).
 */
export function centralTransit(periodDays: number, epochBjd: number, radiusRatio: number, durationDays: number): InjectedTransit {
  const semiMajorAxisStellarRadii = (1 + radiusRatio) / Math.sin((Math.PI * durationDays) / periodDays);
  return { kind: "transit", periodDays, epochBjd, radiusRatio, semiMajorAxisStellarRadii, inclinationDeg: 90 };
}

/**
 * a/R* of a planet of period P around a star of the Sun's mean density, from Kepler's third law:
 * a/R* = (G·M☉·P²/(4π²))^(1/3)/R☉ = 215.03·(P/365.25 d)^(2/3) (IAU 2015 nominal solar values,
 * Prša et al. 2016, AJ 152, 41: 1 au = 215.03 R☉).
 */
export function solarDensitySemiMajorAxis(periodDays: number): number {
  return 215.03 * (periodDays / 365.25) ** (2 / 3);
}

/** First-to-fourth contact duration of a central transit, days. */
export function centralTransitDurationDays(transit: TransitEphemeris): number {
  const ratio = Math.min(1, (1 + transit.radiusRatio) / transit.semiMajorAxisStellarRadii);
  return (transit.periodDays / Math.PI) * Math.asin(ratio);
}

/** The relative flux of the signal per channel at each time (BJD_TDB). */
export function signalFlux(signal: InjectedSignal, timeBjd: ArrayLike<number>): Record<Channel, Float64Array> {
  const out = {} as Record<Channel, Float64Array>;
  if (signal.kind === "sinusoid") {
    const flux = Float64Array.from({ length: timeBjd.length }, (_, i) => {
      const angle = (2 * Math.PI * (timeBjd[i]! - signal.epochBjd)) / signal.periodDays + signal.phase;
      return 1 + signal.amplitude * Math.sin(angle);
    });
    for (const channel of CHANNELS) out[channel] = flux;
    return out;
  }
  for (const channel of CHANNELS) {
    const model = { ...signal, ...CHANNEL_LIMB_DARKENING[channel] };
    out[channel] = Float64Array.from({ length: timeBjd.length }, (_, i) => transitFluxAt(timeBjd[i]!, model));
  }
  return out;
}

/** The mid-exposure BJD_TDB of every point, as the analysis computes it. */
export function pointTimesBjd(mlc: MasterLightCurve): Float64Array {
  return midExposureBjd(mlc.points.time, mlc.points.exptime, picPosition(mlc.pic));
}

/** A copy of the MLC with its R, G and B flux multiplied by the signal (sigmas scale with it). */
export function injectSignal(mlc: MasterLightCurve, signal: InjectedSignal, timeBjd = pointTimesBjd(mlc)): MasterLightCurve {
  const flux = signalFlux(signal, timeBjd);
  const { points } = mlc;
  const scaled = (values: number[], factor: Float64Array): number[] => values.map((v, i) => v * factor[i]!);
  return {
    ...mlc,
    points: {
      ...points,
      R: scaled(points.R, flux.R),
      G: scaled(points.G, flux.G),
      B: scaled(points.B, flux.B),
      sig_r: scaled(points.sig_r, flux.R),
      sig_g: scaled(points.sig_g, flux.G),
      sig_b: scaled(points.sig_b, flux.B),
    },
  };
}

/** A copy of the MLC without the points where `drop[i]` is set (a known transit, before injecting). */
export function withoutPoints(mlc: MasterLightCurve, drop: ArrayLike<number>): MasterLightCurve {
  const points = Object.fromEntries(
    Object.entries(mlc.points).map(([column, values]) => [column, (values as number[]).filter((_, i) => !drop[i])]),
  ) as unknown as MasterLightCurve["points"];
  return { ...mlc, points };
}
