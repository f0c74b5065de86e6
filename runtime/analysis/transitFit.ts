/**
 * A limb-darkened transit fitted to the light curve: the Mandel & Agol model of
 * runtime/core/transitModel.ts (the simulator's model) with epoch, period, Rp/R*, impact
 * parameter, a/R* and the out-of-transit level free, by Levenberg–Marquardt least squares
 * (Press et al., Numerical Recipes, 3rd ed., §15.5.2) from the BLS box, started at a few impact
 * parameters because b and a/R* trade off. Uncertainties are the square roots of the covariance
 * (JᵀWJ)⁻¹, scaled by the reduced χ² when the scatter exceeds the error bars.
 *
 * The fit uses the combined flux within 1.5 box durations of each transit, binned to 4 minutes
 * (a 100-s cadence barely resolves a 15–30 min ingress anyway; the bins keep the cost down). The
 * limb darkening is fixed: the channels' coefficients (core/limbDarkening.ts) weighted as the
 * combination weighted the channels.
 */
import { lusolve, inv } from "mathjs";
import { CHANNEL_LIMB_DARKENING } from "../core/limbDarkening.js";
import { transitFluxAt, type LimbDarkening, type TransitModel } from "../core/transitModel.js";
import { binWeighted } from "./binning.js";
import { phaseOffsetDays, type BoxEphemeris, type Series } from "./transitStatistics.js";

export interface FittedValue {
  value: number;
  sigma: number;
}

export interface TransitFit {
  /** Mid-transit time near the middle of the data, BJD_TDB. */
  epochBjd: FittedValue;
  periodDays: FittedValue;
  radiusRatio: FittedValue;
  impactParameter: FittedValue;
  semiMajorAxisStellarRadii: FittedValue;
  /** Out-of-transit flux level. */
  baseline: FittedValue;
  /** First to fourth contact, hours (derived). */
  durationHours: number;
  /** Orbital inclination, degrees (derived). */
  inclinationDeg: number;
  limbDarkening: LimbDarkening;
  reducedChiSquare: number;
  /** Binned points the fit used. */
  points: number;
}

const NAMES = ["epochBjd", "periodDays", "radiusRatio", "impactParameter", "semiMajorAxisStellarRadii", "baseline"] as const;
type Parameters = [number, number, number, number, number, number];
const BIN_DAYS = 4 / 1440;
const WINDOW_DURATIONS = 1.5;
const STARTING_IMPACT = [0.2, 0.5, 0.8];
const MAX_ITERATIONS = 40;

/** The model of a parameter vector, for one time. */
function modelAt(t: number, [t0, period, p, b, aR, level]: Parameters, ld: LimbDarkening): number {
  const cosI = Math.min(1, Math.abs(b) / aR);
  const model: TransitModel = { periodDays: period, epochBjd: t0, radiusRatio: p, semiMajorAxisStellarRadii: aR, inclinationDeg: (Math.acos(cosI) * 180) / Math.PI, ...ld };
  return level * transitFluxAt(t, model);
}

/** Keeps the parameters physical: 0 < p < 0.5, 0 ≤ b < 1 + p, a/R* > 1 + p. */
function bounded([t0, period, p, b, aR, level]: Parameters): Parameters {
  const radius = Math.min(0.5, Math.max(1e-3, p));
  return [t0, period, radius, Math.min(1 + radius - 1e-3, Math.abs(b)), Math.max(1 + radius + 1e-3, aR), level];
}

/** First-to-fourth contact duration of a circular orbit (Seager & Mallén-Ornelas 2003, ApJ 585, 1038, eq. 3), days. */
export function totalDurationDays(period: number, p: number, b: number, aR: number): number {
  const cosI = b / aR;
  const chord = Math.sqrt(Math.max(0, (1 + p) ** 2 - b * b)) / (aR * Math.sqrt(1 - cosI * cosI));
  return (period / Math.PI) * Math.asin(Math.min(1, chord));
}

function chiSquare(series: Series, theta: Parameters, ld: LimbDarkening): number {
  let sum = 0;
  for (let i = 0; i < series.time.length; i++) sum += ((series.flux[i]! - modelAt(series.time[i]!, theta, ld)) / series.sigma[i]!) ** 2;
  return sum;
}

/** Forward-difference Jacobian rows (one per point) of the model, divided by σ. */
function jacobian(series: Series, theta: Parameters, ld: LimbDarkening, steps: Parameters): number[][] {
  const base = Array.from(series.time, (t) => modelAt(t, theta, ld));
  const columns = steps.map((step, k) => {
    const moved = [...theta] as Parameters;
    moved[k] = moved[k]! + step;
    return Array.from(series.time, (t, i) => (modelAt(t, moved, ld) - base[i]!) / step / series.sigma[i]!);
  });
  return Array.from(series.time, (_, i) => columns.map((column) => column[i]!));
}

function normalEquations(series: Series, theta: Parameters, ld: LimbDarkening, steps: Parameters): { alpha: number[][]; beta: number[] } {
  const rows = jacobian(series, theta, ld, steps);
  const alpha = NAMES.map(() => NAMES.map(() => 0));
  const beta = NAMES.map(() => 0);
  rows.forEach((row, i) => {
    const r = (series.flux[i]! - modelAt(series.time[i]!, theta, ld)) / series.sigma[i]!;
    for (let a = 0; a < row.length; a++) {
      beta[a]! += row[a]! * r;
      for (let b = 0; b < row.length; b++) alpha[a]![b]! += row[a]! * row[b]!;
    }
  });
  return { alpha, beta };
}

function levenbergMarquardt(series: Series, start: Parameters, ld: LimbDarkening, steps: Parameters): { theta: Parameters; chi2: number } {
  let theta = bounded(start);
  let chi2 = chiSquare(series, theta, ld);
  let lambda = 1e-3;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const { alpha, beta } = normalEquations(series, theta, ld, steps);
    let improved = false;
    while (lambda < 1e8) {
      const damped = alpha.map((row, a) => row.map((v, b) => (a === b ? v * (1 + lambda) + 1e-12 : v)));
      const delta = (lusolve(damped, beta) as number[][]).map((row) => row[0]!);
      const trial = bounded(theta.map((v, k) => v + delta[k]!) as Parameters);
      const trialChi2 = chiSquare(series, trial, ld);
      if (trialChi2 < chi2) {
        const converged = chi2 - trialChi2 < 1e-6 * chi2;
        [theta, chi2, lambda, improved] = [trial, trialChi2, Math.max(1e-7, lambda / 10), !converged];
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { theta, chi2 };
}

/** The combined series' limb darkening: the channels' coefficients weighted 1/σ² as they were combined. */
export function combinedLimbDarkening(channelSigma: Record<"R" | "G" | "B", number>): LimbDarkening {
  const weights = (["R", "G", "B"] as const).map((c) => [c, channelSigma[c] ** -2] as const);
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  return {
    u1: weights.reduce((sum, [c, w]) => sum + w * CHANNEL_LIMB_DARKENING[c].u1, 0) / total,
    u2: weights.reduce((sum, [c, w]) => sum + w * CHANNEL_LIMB_DARKENING[c].u2, 0) / total,
  };
}

/**
 * Fits the transit near `box` in `series` (unbinned; `keep[i] === 0` leaves a point out); undefined
 * when too few points lie near the transits for six parameters.
 */
export function fitTransit(series: Series, box: BoxEphemeris & { depth: number }, ld: LimbDarkening, keep?: ArrayLike<number>): TransitFit | undefined {
  const halfWindow = WINDOW_DURATIONS * box.durationDays;
  const near = Uint8Array.from(series.time, (t, i) => ((!keep || keep[i]) && Math.abs(phaseOffsetDays(t, box.periodDays, box.epoch)) <= halfWindow ? 1 : 0));
  const binned = binWeighted(series.time, series.flux, series.sigma, BIN_DAYS, near);
  const data = { time: binned.position, flux: binned.value, sigma: binned.sigma };
  if (data.time.length < 3 * NAMES.length || !(box.depth > 0)) return undefined;
  const middle = (data.time[0]! + data.time[data.time.length - 1]!) / 2;
  const t0 = box.epoch + Math.round((middle - box.epoch) / box.periodDays) * box.periodDays;
  const p = Math.sqrt(box.depth);
  const steps: Parameters = [1e-5, 1e-7, 1e-4, 1e-3, 1e-3, 1e-6];
  const starts = STARTING_IMPACT.map((b): Parameters => {
    const aR = Math.sqrt(Math.max(1e-6, (1 + p) ** 2 - b * b)) / Math.sin((Math.PI * Math.min(box.durationDays, box.periodDays / 4)) / box.periodDays);
    return [t0, box.periodDays, p, b, Math.max(aR, 1.5), 1];
  });
  const best = starts.map((start) => levenbergMarquardt(data, start, ld, steps)).reduce((a, b) => (b.chi2 < a.chi2 ? b : a));
  const { alpha } = normalEquations(data, best.theta, ld, steps);
  const dof = Math.max(1, data.time.length - NAMES.length);
  const scale = Math.max(1, best.chi2 / dof);
  const covariance = inv(alpha.map((row, a) => row.map((v, b) => (a === b ? v + 1e-12 : v)))) as number[][];
  const [, period, radius, b, aR] = best.theta;
  // At b = 0 the model is flat in b and the linear σ unbounded: no more than the allowed range.
  const widest = [Infinity, Infinity, Infinity, 1 + radius, Infinity, Infinity];
  const fitted = (k: number): FittedValue => ({ value: best.theta[k]!, sigma: Math.min(widest[k]!, Math.sqrt(Math.max(0, covariance[k]![k]! * scale))) });
  return {
    epochBjd: fitted(0),
    periodDays: fitted(1),
    radiusRatio: fitted(2),
    impactParameter: fitted(3),
    semiMajorAxisStellarRadii: fitted(4),
    baseline: fitted(5),
    durationHours: totalDurationDays(period, radius, b, aR) * 24,
    inclinationDeg: (Math.acos(Math.min(1, b / aR)) * 180) / Math.PI,
    limbDarkening: ld,
    reducedChiSquare: best.chi2 / dof,
    points: data.time.length,
  };
}

/** The fitted model's flux at offsets from mid-transit (days), for drawing over the folded curve. */
export function fittedTransitCurve(fit: TransitFit, offsetsDays: readonly number[]): number[] {
  const theta: Parameters = [0, fit.periodDays.value, fit.radiusRatio.value, fit.impactParameter.value, fit.semiMajorAxisStellarRadii.value, fit.baseline.value];
  return offsetsDays.map((offset) => modelAt(offset, theta, fit.limbDarkening));
}
