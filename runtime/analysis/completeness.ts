/**
 * The three injection-and-recovery measures of a star (injectionRecovery.ts), from a seeded
 * random stream so that the same MLC and seed give the same numbers:
 * - suppression per transit duration (1, 2, 3, 4 h);
 * - the transfer function of sinusoids from 0.5 h to 3 d, several phases each;
 * - completeness over period (0.5 d to the longest period the search tries) × radius ratio, each
 *   cell the fraction of transits at random epochs that the search reports: flagged as a
 *   candidate by the analyzer's own decision, at the injected period within 1 % and in phase.
 */
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { randomStream, type Random } from "../simulator/random.js";
import type { AnalysisOptions } from "./analyzeMasterLightCurve.js";
import { DEFAULT_MAX_PERIOD_DAYS } from "./bls.js";
import type { CompletenessResult, CompletenessCell, SuppressionPoint, TransferPoint } from "./completenessResult.js";
import { centralTransitDurationDays, solarDensitySemiMajorAxis, type InjectedTransit } from "./injectedSignal.js";
import { analyzeInjected, flaggedCandidate, injectionContext, recoveredDepth, amplitudeRatio, transitOfDuration, type InjectionContext } from "./injectionRecovery.js";
import { phaseOffsetDays } from "./transitStatistics.js";

export const SUPPRESSION_DURATIONS_HOURS = [1, 2, 3, 4];
export const TRANSFER_PERIODS_HOURS = [0.5, 1, 2, 3, 4, 6, 8, 12, 24, 48, 72];
/** Radius ratios of the completeness grid: depths from ~0.1 % to ~4 %. */
export const COMPLETENESS_RADIUS_RATIOS = [0.03, 0.045, 0.07, 0.1, 0.14, 0.2];
const COMPLETENESS_PERIODS = 6;
/** Five per cell of the 6 × 6 grid. */
export const DEFAULT_COMPLETENESS_TRIALS = 180;
const MIN_PERIOD_DAYS = 0.5;
/** A period found within this fraction of the injected one counts (issue 19). */
export const PERIOD_TOLERANCE = 0.01;
/** Suppression is measured at Rp/R* = 0.1 (1 % deep, a hot Jupiter): deep enough to be seen, shallow enough not to be clipped. */
const SUPPRESSION_RADIUS_RATIO = 0.1;
const SUPPRESSION_EPOCHS = 3;
const TRANSFER_PHASES = 4;
/** 0.2 %: the scale of a K dwarf's spot modulation, well below PANOPTES' per-exposure noise. */
const TRANSFER_AMPLITUDE = 0.002;

export interface CompletenessOptions {
  /** Completeness injections in all (spread over the grid cells). @default DEFAULT_COMPLETENESS_TRIALS */
  trials?: number;
  seed?: number;
  periodsDays?: readonly number[];
  radiusRatios?: readonly number[];
  /** a/R* and inclination of an injected planet of period P. @default Sun-density star, central transit */
  geometry?: (periodDays: number) => { semiMajorAxisStellarRadii: number; inclinationDeg: number };
  /** Called after every injection. */
  progress?: (done: number, total: number) => void;
  /** Settings of the analysis (the analyzer's defaults when absent). */
  analysis?: AnalysisOptions;
  /** Leave out suppression and transfer function (benchmarks of the map alone). */
  mapOnly?: boolean;
}

const centralSolar = (periodDays: number) => ({ semiMajorAxisStellarRadii: solarDensitySemiMajorAxis(periodDays), inclinationDeg: 90 });

/** Log-spaced periods from 0.5 d to the search's longest (half the baseline, at most 20 d). */
export function completenessPeriods(baselineDays: number, count = COMPLETENESS_PERIODS): number[] {
  const longest = Math.min(baselineDays / 2, DEFAULT_MAX_PERIOD_DAYS);
  if (!(longest > MIN_PERIOD_DAYS)) return [];
  return Array.from({ length: count }, (_, k) => MIN_PERIOD_DAYS * (longest / MIN_PERIOD_DAYS) ** (k / (count - 1)));
}

/** Whether the analysis of an injected MLC reports the injected transit (see the module comment). */
export function isRecovered(context: InjectionContext, transit: InjectedTransit): boolean {
  const outcome = analyzeInjected(context, transit);
  const found = flaggedCandidate(context.mlc, outcome.analysis);
  if (!found) return false;
  if (Math.abs(found.periodDays / transit.periodDays - 1) > PERIOD_TOLERANCE) return false;
  return Math.abs(phaseOffsetDays(found.epochBjd, transit.periodDays, transit.epochBjd)) < centralTransitDurationDays(transit);
}

export function measureCompleteness(star: MasterLightCurve, mlcGeneration: string, options: CompletenessOptions = {}): CompletenessResult {
  const seed = options.seed ?? 1;
  const trials = options.trials ?? DEFAULT_COMPLETENESS_TRIALS;
  const random = randomStream(String(seed), "completeness", star.pic);
  const context = injectionContext(star, options.analysis);
  const { start, baselineDays } = timeSpan(context);
  const periods = options.periodsDays ?? completenessPeriods(baselineDays);
  const radii = options.radiusRatios ?? COMPLETENESS_RADIUS_RATIOS;
  const cells = periods.flatMap((periodDays) => radii.map((radiusRatio) => ({ periodDays, radiusRatio, depth: radiusRatio ** 2, trials: 0, recovered: 0 })));
  const skipExtras = options.mapOnly || periods.length === 0;
  const total = trials + (skipExtras ? 0 : SUPPRESSION_DURATIONS_HOURS.length * SUPPRESSION_EPOCHS + TRANSFER_PERIODS_HOURS.length * TRANSFER_PHASES);
  let done = 0;
  const tick = () => options.progress?.(++done, total);

  const suppression = skipExtras ? [] : measureSuppression(context, random, { tick });
  const transfer = skipExtras ? [] : measureTransfer(context, random, { tick });
  const geometry = options.geometry ?? centralSolar;
  for (let k = 0; k < trials && cells.length > 0; k++) {
    const cell = cells[k % cells.length]!;
    const epochBjd = start + random.next() * cell.periodDays;
    const transit: InjectedTransit = { kind: "transit", periodDays: cell.periodDays, epochBjd, radiusRatio: cell.radiusRatio, ...geometry(cell.periodDays) };
    cell.trials += 1;
    if (isRecovered(context, transit)) cell.recovered += 1;
    tick();
  }
  const own = context.ownCandidate;
  return {
    schema: 1,
    pic: star.pic,
    mlcGeneration,
    seed,
    trials,
    baselineDays,
    ownCandidate: own ? { periodDays: own.periodDays, depth: own.depth } : null,
    suppression,
    transfer,
    cells: cells satisfies CompletenessCell[],
  };
}

/**
 * A period giving at least three transits over the baseline, near 3 d where it can: 2.9 d, not
 * 3, so that transits drift through the night instead of recurring at one time of day.
 */
function suppressionPeriod(baselineDays: number): number {
  return Math.max(MIN_PERIOD_DAYS * 1.5, Math.min(2.9, baselineDays / 3));
}

/** The first time and the span of the context's points, days. */
function timeSpan(context: InjectionContext): { start: number; baselineDays: number } {
  const time = context.timeBjd;
  return time.length === 0 ? { start: 0, baselineDays: 0 } : { start: time[0]!, baselineDays: time[time.length - 1]! - time[0]! };
}

export interface SuppressionOptions {
  durationsHours?: readonly number[];
  /** Random epochs per duration. @default 3 */
  epochs?: number;
  tick?: () => void;
}

export function measureSuppression(context: InjectionContext, random: Random, options: SuppressionOptions = {}): SuppressionPoint[] {
  const { durationsHours = SUPPRESSION_DURATIONS_HOURS, epochs = SUPPRESSION_EPOCHS, tick } = options;
  const { start, baselineDays } = timeSpan(context);
  const periodDays = suppressionPeriod(baselineDays);
  return durationsHours.map((durationHours) => {
    let injected = 0;
    let recovered = 0;
    for (let k = 0; k < epochs; k++) {
      // Mid-transit at a random observed point, so that every trial measures a transit.
      const epochBjd = context.timeBjd[Math.floor(random.next() * context.timeBjd.length)] ?? start;
      const { transit, box } = transitOfDuration(periodDays, epochBjd, SUPPRESSION_RADIUS_RATIO, durationHours / 24);
      const depth = recoveredDepth(context, analyzeInjected(context, transit), box);
      // Weighted by the in-transit points: an epoch that fell mostly in the day gaps counts less.
      if (depth.inTransitPoints > 0 && Number.isFinite(depth.recoveredDepth)) {
        injected += depth.injectedDepth * depth.inTransitPoints;
        recovered += depth.recoveredDepth * depth.inTransitPoints;
      }
      tick?.();
    }
    return { durationHours, periodDays, suppression: injected > 0 ? 1 - recovered / injected : null };
  });
}

export interface TransferOptions {
  periodsHours?: readonly number[];
  /** Phases per period, evenly spaced from a random one. @default 4 */
  phases?: number;
  tick?: () => void;
}

export function measureTransfer(context: InjectionContext, random: Random, options: TransferOptions = {}): TransferPoint[] {
  const { periodsHours = TRANSFER_PERIODS_HOURS, phases = TRANSFER_PHASES, tick } = options;
  const { start } = timeSpan(context);
  return periodsHours.map((periodHours) => {
    const ratios: number[] = [];
    const phase0 = random.next() * 2 * Math.PI;
    for (let k = 0; k < phases; k++) {
      const phase = phase0 + (2 * Math.PI * k) / phases;
      const signal = { kind: "sinusoid" as const, periodDays: periodHours / 24, amplitude: TRANSFER_AMPLITUDE, phase, epochBjd: start };
      const ratio = amplitudeRatio(context, analyzeInjected(context, signal));
      if (Number.isFinite(ratio)) ratios.push(ratio);
      tick?.();
    }
    const mean = ratios.length > 0 ? ratios.reduce((a, b) => a + b, 0) / ratios.length : null;
    return { periodHours, ratio: mean, min: ratios.length > 0 ? Math.min(...ratios) : null, max: ratios.length > 0 ? Math.max(...ratios) : null };
  });
}
