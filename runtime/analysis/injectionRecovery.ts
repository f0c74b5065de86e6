/**
 * Injection and recovery on a star's own light curve: a synthetic signal (injectedSignal.ts) is
 * multiplied into the MLC's points and the whole analysis (analyzeLightCurve, the analyzer's own
 * entry: normalisation, clipping, detrending, binning, BLS and the candidate decision) runs on
 * the result. Every measure compares against the same analysis of the star without injection, at
 * the same points, so the star's noise cancels and what is left is what the pipeline did to the
 * signal:
 * - suppression: 1 − recovered/injected depth of a transit of given duration, the depths measured
 *   with a box at the injected ephemeris on the detrended flux;
 * - transfer function: recovered/injected amplitude of a sinusoid, by period (amplitudeRatio);
 * - recovery: whether the search reports the injected planet as a candidate (completeness.ts).
 * A star whose own analysis flags a candidate loses that candidate's transits first (the points
 * the analysis itself masks in its second pass), so that injections compete with the noise, not
 * with the planet already found.
 */
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { buildAnalysisDocument, type BlsSummary } from "./analysisDocument.js";
import { analyzeLightCurve, combineChannels, type AnalysisOptions, type FluxSeries, type LightCurveAnalysis } from "./analyzeMasterLightCurve.js";
import { centralTransit, centralTransitDurationDays, injectSignal, pointTimesBjd, signalFlux, withoutPoints, type InjectedSignal } from "./injectedSignal.js";
import { fitBox, inTransitMask, type BoxEphemeris } from "./transitStatistics.js";

/** The in-transit mask of the star's own candidate, in its durations (the analysis' second pass). */
const OWN_TRANSIT_MASK_WIDENING = 1.5;
/** An arbitrary fixed time: the analysis document's `analysedAt` plays no part in a decision. */
const DECISION_TIME = new Date(0);

export interface InjectionContext {
  /** The star's MLC, without its own flagged candidate's transits. */
  mlc: MasterLightCurve;
  timeBjd: Float64Array;
  /** The analysis of `mlc` without injection: what each injection is compared with. */
  base: LightCurveAnalysis;
  options: AnalysisOptions;
  /** The star's own flagged candidate, when it has one. */
  ownCandidate?: BlsSummary;
}

/** The BLS summary when the analysis document flags it as a candidate (the analyzer's decision). */
export function flaggedCandidate(mlc: MasterLightCurve, analysis: LightCurveAnalysis): BlsSummary | undefined {
  const document = buildAnalysisDocument(mlc, "0", analysis, DECISION_TIME);
  return document.candidate && document.bls ? document.bls : undefined;
}

/**
 * The star's own candidate is decided as the analyzer decides it (with its false-alarm
 * calibration). Injections are judged without calibration and fit: each calibration is 6–18 more
 * searches, ×4–10 an analysis, per trial; the candidate flag then falls back to SNR and SDE, the
 * rule the analyzer applies wherever a false-alarm probability cannot be calibrated (transitCandidate.ts).
 */
export function injectionContext(star: MasterLightCurve, options: AnalysisOptions = {}): InjectionContext {
  const first = analyzeLightCurve(star, options);
  const own = flaggedCandidate(star, first);
  const trialOptions: AnalysisOptions = { ...options, falseAlarm: false, fit: false };
  if (!own) return { mlc: star, timeBjd: first.timeBjd, base: analyzeLightCurve(star, trialOptions), options: trialOptions };
  const ephemeris = { periodDays: own.periodDays, epoch: own.epochBjd, durationDays: own.durationHours / 24 };
  const mlc = withoutPoints(star, inTransitMask(first.timeBjd, ephemeris, OWN_TRANSIT_MASK_WIDENING));
  return { mlc, timeBjd: pointTimesBjd(mlc), base: analyzeLightCurve(mlc, trialOptions), options: trialOptions, ownCandidate: own };
}

export interface InjectionOutcome {
  analysis: LightCurveAnalysis;
  /** The signal alone as the combined series would hold it (the star's weights and kept points). */
  model: FluxSeries;
  /** Points kept both with and without the injection. */
  keep: Uint8Array;
}

/** Injects the signal and runs the whole analysis on the result. */
export function analyzeInjected(context: InjectionContext, signal: InjectedSignal): InjectionOutcome {
  const mlc = injectSignal(context.mlc, signal, context.timeBjd);
  const analysis = analyzeLightCurve(mlc, context.options);
  const flux = signalFlux(signal, context.timeBjd);
  const keep = analysis.combined.keep.map((k, i) => k & context.base.combined.keep[i]!);
  const channel = (c: "R" | "G" | "B"): FluxSeries => ({ flux: flux[c], sigma: analysis.channels[c].sigma, keep: analysis.channels[c].keep });
  const model = combineChannels({ R: channel("R"), G: channel("G"), B: channel("B") });
  return { analysis, model, keep };
}

export interface DepthRecovery {
  injectedDepth: number;
  recoveredDepth: number;
  inTransitPoints: number;
}

/** Box depths at the transit's ephemeris: of the model alone, and of injected minus plain analysis. */
export function recoveredDepth(context: InjectionContext, outcome: InjectionOutcome, ephemeris: BoxEphemeris): DepthRecovery {
  const series = (s: FluxSeries) => ({ time: context.timeBjd, flux: s.flux, sigma: outcome.analysis.combined.sigma });
  const injected = fitBox(series(outcome.model), ephemeris, outcome.keep);
  const withSignal = fitBox(series(outcome.analysis.combined), ephemeris, outcome.keep);
  const without = fitBox(series(context.base.combined), ephemeris, outcome.keep);
  return { injectedDepth: injected.depth, recoveredDepth: withSignal.depth - without.depth, inTransitPoints: injected.inTransitPoints };
}

/**
 * Recovered/injected amplitude of a signal: the weighted least-squares amplitude of the injected
 * shape s (the model minus 1) in the difference d between the injected and the plain analysis,
 * Σw·d·s / Σw·s². The trend fit takes away a projection of s, so this lies in [0, 1]: 1 when the
 * signal passes untouched, 0 when the filter removes it (a level taken night by night counts
 * as removed). Only the kept points count.
 */
export function amplitudeRatio(context: InjectionContext, outcome: InjectionOutcome): number {
  const { combined } = outcome.analysis;
  let shapeSquared = 0;
  let overlap = 0;
  for (let i = 0; i < combined.flux.length; i++) {
    if (!outcome.keep[i]) continue;
    const s = outcome.model.flux[i]! - 1;
    const w = 1 / (combined.sigma[i]! * combined.sigma[i]!);
    shapeSquared += w * s * s;
    overlap += w * s * (combined.flux[i]! - context.base.combined.flux[i]!);
  }
  return overlap / shapeSquared;
}

/** A central transit of the given duration (first to fourth contact) and the box that measures it. */
export function transitOfDuration(periodDays: number, epochBjd: number, radiusRatio: number, durationDays: number) {
  const transit = centralTransit(periodDays, epochBjd, radiusRatio, durationDays);
  return { transit, box: { periodDays, epoch: epochBjd, durationDays: centralTransitDurationDays(transit) } };
}
