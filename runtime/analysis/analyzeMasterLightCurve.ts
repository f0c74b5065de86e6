/**
 * The analysis pipeline over one master light curve, per colour channel: per-segment median
 * normalisation → upper sigma clipping → per-segment Savitzky–Golay detrending → CDPP, where
 * segments that one camera recorded back to back count as one (observingRuns.ts); then the
 * three channels are averaged with inverse-variance weights (a transit is nearly achromatic),
 * binned in time and searched with BLS. When a candidate is found, the pipeline runs once more
 * with its in-transit points left out of the medians and the trend fits (out-of-transit
 * normalisation), so that a transit filling much of a short segment is not flattened away.
 * Last, a limb-darkened transit is fitted to the candidate (transitFit.ts) and its false-alarm
 * probability calibrated on the star's own data (falseAlarm.ts).
 */
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { binWeighted, weightedMean, type BinnedSeries } from "./binning.js";
import { boxLeastSquares, DEFAULT_DURATIONS_DAYS, type BlsOptions, type TransitCandidate } from "./bls.js";
import { combinedLimbDarkening, fitTransit, type TransitFit } from "./transitFit.js";
import { falseAlarmProbability, type FalseAlarm, type FalseAlarmOptions } from "./falseAlarm.js";
import { cadencesFor, estimateCdppPpm } from "./cdpp.js";
import { detrend, type DetrendOptions } from "./detrend.js";
import { normaliseBySegment } from "./normalise.js";
import { observingRuns } from "./observingRuns.js";
import { indicesBySegment } from "./segmentIndex.js";
import { median, sigmaClip } from "./sigmaClip.js";
import { midExposureBjd, picPosition } from "./starTime.js";
import { inTransitMask } from "./transitStatistics.js";

export const CHANNELS = ["R", "G", "B"] as const;
export type Channel = (typeof CHANNELS)[number];
const SIGMA_COLUMN = { R: "sig_r", G: "sig_g", B: "sig_b" } as const;

export interface AnalysisOptions {
  bls?: BlsOptions;
  detrend?: DetrendOptions;
  /** Duration over which CDPP is quoted. @default 1 */
  cdppHours?: number;
  /** Upper-outlier threshold in robust sigmas. @default 5 */
  clipSigma?: number;
  /** In-transit mask width in candidate durations for the second pass. @default 1.5 */
  maskWidening?: number;
  /** Segments of one camera closer than this are normalised together (see observingRuns.ts). */
  maxRunGapS?: number;
  /** False-alarm calibration of the candidate, or false to skip it (then no FAP is reported). */
  falseAlarm?: FalseAlarmOptions | false;
  /** False skips the limb-darkened transit fit. */
  fit?: false;
}

/** A flux series and which of its points survived clipping (1 = kept). */
export interface FluxSeries {
  flux: Float64Array;
  sigma: Float64Array;
  keep: Uint8Array;
}

export interface LightCurveAnalysis {
  /** BJD_TDB of each mid-exposure. */
  timeBjd: Float64Array;
  /** Normalised, detrended flux per channel. */
  channels: Record<Channel, FluxSeries>;
  /** Inverse-variance mean of the channels. */
  combined: FluxSeries;
  /** `combined` binned in time: the series the transit search ran on. */
  binned: BinnedSeries;
  cdppPpm: Record<Channel, number | undefined>;
  /** The search's trial periods and best Δχ² at each. */
  periodogram: { periodDays: Float64Array; power: Float64Array };
  candidate?: TransitCandidate;
  /** The candidate's false-alarm probability, unless skipped or the data too few to calibrate it. */
  falseAlarm?: FalseAlarm;
  /** The limb-darkened transit fitted to the candidate, when the data near its transits allow. */
  fit?: TransitFit;
}

/** Runs the whole pipeline (see the module comment) on an MLC. */
export function analyzeLightCurve(mlc: MasterLightCurve, options: AnalysisOptions = {}): LightCurveAnalysis {
  const timeBjd = midExposureBjd(mlc.points.time, mlc.points.exptime, picPosition(mlc.pic));
  const first = reduce(mlc, timeBjd, options);
  if (!first.candidate) return first;
  const mask = inTransitMask(timeBjd, first.candidate, options.maskWidening ?? 1.5);
  const outOfTransit = mask.map((m) => 1 - m);
  const final = withFit(reduce(mlc, timeBjd, options, outOfTransit), options);
  if (!final.candidate || options.falseAlarm === false) return final;
  // Calibrated on the first pass, where every point went through the same trend fits: the second
  // pass leaves the candidate's points out of them, so they keep more scatter than the rest and
  // any candidate, real or not, stands out more there than the same data without it can.
  const { periodDays, power } = first.periodogram;
  const peakPower = power.reduce((a, b) => Math.max(a, b), 0);
  const series = { time: first.binned.position, flux: first.binned.value, sigma: first.binned.sigma };
  const falseAlarmOptions = { maskWidening: options.maskWidening, ...options.falseAlarm };
  const falseAlarm = falseAlarmProbability(series, periodDays, peakPower, first.candidate, options.bls, falseAlarmOptions);
  return falseAlarm ? { ...final, falseAlarm } : final;
}

function withFit(analysis: LightCurveAnalysis, options: AnalysisOptions): LightCurveAnalysis {
  if (!analysis.candidate || options.fit === false) return analysis;
  const { combined, channels } = analysis;
  const limbDarkening = combinedLimbDarkening({ R: median(channels.R.sigma), G: median(channels.G.sigma), B: median(channels.B.sigma) });
  const fit = fitTransit({ time: analysis.timeBjd, flux: combined.flux, sigma: combined.sigma }, analysis.candidate, limbDarkening, combined.keep);
  return fit ? { ...analysis, fit } : analysis;
}

function reduce(mlc: MasterLightCurve, timeBjd: Float64Array, options: AnalysisOptions, outOfTransit?: Uint8Array): LightCurveAnalysis {
  const { run: segment, count: segmentCount } = observingRuns(mlc, options.maxRunGapS);
  const durationCadences = cadencesFor(options.cdppHours ?? 1, medianCadenceS(mlc));
  const channels = {} as Record<Channel, FluxSeries>;
  const cdppPpm = {} as Record<Channel, number | undefined>;
  for (const channel of CHANNELS) {
    const normalised = normaliseBySegment(mlc.points[channel], mlc.points[SIGMA_COLUMN[channel]], segment, segmentCount, outOfTransit);
    const clipSettings = { sigma: options.clipSigma ?? 5 };
    const keep = sigmaClip(normalised.flux, clipSettings);
    const fitted = outOfTransit ? keep.map((k, i) => k & outOfTransit[i]!) : keep;
    const flat = detrend(timeBjd, normalised.flux, normalised.sigma, segment, segmentCount, options.detrend, fitted);
    channels[channel] = { flux: flat.flux, sigma: flat.sigma, keep: sigmaClip(flat.flux, clipSettings, keep) };
    cdppPpm[channel] = estimateCdppPpm(flat.flux, segment, segmentCount, { durationCadences }, outOfTransit);
  }
  const combined = combineChannels(channels);
  const durations = options.bls?.durationsDays ?? DEFAULT_DURATIONS_DAYS;
  const binWidth = Math.min(...durations) / 4;
  const binned = binWeighted(timeBjd, combined.flux, combined.sigma, binWidth, combined.keep);
  const search = boxLeastSquares({ time: binned.position, flux: binned.value, sigma: binned.sigma }, options.bls);
  const periodogram = { periodDays: search.periodDays, power: search.power };
  return { timeBjd, channels, combined, binned, cdppPpm, periodogram, ...(search.candidate ? { candidate: search.candidate } : {}) };
}

/** Per point, the inverse-variance weighted mean of the channels kept at that point. */
export function combineChannels(channels: Record<Channel, FluxSeries>): FluxSeries {
  const n = channels.R.flux.length;
  const out = { flux: new Float64Array(n), sigma: new Float64Array(n), keep: new Uint8Array(n) };
  for (let i = 0; i < n; i++) {
    const kept = CHANNELS.filter((channel) => channels[channel].keep[i]);
    const mean = weightedMean(
      kept.map((channel) => channels[channel].flux[i]!),
      kept.map((channel) => channels[channel].sigma[i]!),
    );
    out.flux[i] = mean.value;
    out.sigma[i] = mean.sigma;
    out.keep[i] = kept.length > 0 ? 1 : 0;
  }
  return out;
}

/** The typical spacing of consecutive points within a segment, seconds. */
export function medianCadenceS(mlc: MasterLightCurve): number {
  const steps: number[] = [];
  for (const indices of indicesBySegment(mlc.points.segment, mlc.segments.length)) {
    for (let j = 1; j < indices.length; j++) steps.push(mlc.points.time[indices[j]!]! - mlc.points.time[indices[j - 1]!]!);
  }
  return steps.length > 0 ? median(steps) : 0;
}
