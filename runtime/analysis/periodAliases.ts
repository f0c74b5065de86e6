/**
 * Period aliases of a transit ephemeris: whether 2P, 3P... explain the dips as well as P. Folded
 * at P, the transit epochs split into m classes by epoch number modulo m; at m·P only one class
 * holds transits. So m·P is
 * - ruled out when another class also shows a significant dip (transits at epochs m·P does not
 *   predict; a class that caught part of a transit is shallower, but not flat);
 * - preferred when every other observed class is flat and significantly shallower than the main
 *   one (P's own predicted transits are missing: the odd/even test of Kepler's vetting, Coughlin
 *   et al. 2016, ApJS 224, 12, §A.3.1), and the reported period becomes m·P;
 * - an alias otherwise: the other classes were not observed, or too noisily to tell.
 * Sub-multiples P/k are settled before (transitStatistics.ts `shortestConsistentPeriod`).
 */
import { weightedMean } from "./binning.js";
import { isInTransit, type BoxEphemeris, type Series } from "./transitStatistics.js";

/** A period the data fit as well as the reported one. */
export interface PeriodAlias {
  /** `periodDays` / reported period (2, 3, ...). */
  factor: number;
  periodDays: number;
  /** unobserved: no data at the epochs that tell them apart; inconclusive: data too noisy there. */
  evidence: "unobserved" | "inconclusive";
}

/** Significance, in σ, of a dip or of a depth difference. */
const SIGMA_LIMIT = 3;
/** Largest multiple looked at: beyond it the list of aliases would say little more. */
const MAX_FACTOR = 8;

interface EpochClass {
  depth: number;
  sigma: number;
  points: number;
  /** Distinct epochs with points in transit. */
  epochs: number;
}

/** Box depth per class of epoch numbers modulo m, against the out-of-transit level. */
function epochClasses(series: Series, ephemeris: BoxEphemeris, m: number): EpochClass[] {
  const inside = Array.from({ length: m }, () => ({ flux: [] as number[], sigma: [] as number[], epochs: new Set<number>() }));
  const outside = { flux: [] as number[], sigma: [] as number[] };
  for (let i = 0; i < series.time.length; i++) {
    const t = series.time[i]!;
    const n = Math.round((t - ephemeris.epoch) / ephemeris.periodDays);
    const side = isInTransit(t, ephemeris) ? inside[((n % m) + m) % m]! : outside;
    side.flux.push(series.flux[i]!);
    side.sigma.push(series.sigma[i]!);
    if (side !== outside) inside[((n % m) + m) % m]!.epochs.add(n);
  }
  const level = weightedMean(outside.flux, outside.sigma);
  return inside.map(({ flux, sigma, epochs }) => {
    const mean = weightedMean(flux, sigma);
    return { depth: level.value - mean.value, sigma: Math.hypot(mean.sigma, level.sigma), points: flux.length, epochs: epochs.size };
  });
}

type Verdict = { kind: "ruled out" } | { kind: "preferred"; epoch: number } | PeriodAlias;

function judgeMultiple(series: Series, ephemeris: BoxEphemeris, m: number, minPoints: number): Verdict {
  const classes = epochClasses(series, ephemeris, m);
  const observed = classes.map((c, r) => ({ ...c, r })).filter((c) => c.points >= minPoints);
  const alias = (evidence: PeriodAlias["evidence"]): PeriodAlias => ({ factor: m, periodDays: m * ephemeris.periodDays, evidence });
  if (observed.length === 0) return { kind: "ruled out" };
  const main = observed.reduce((a, b) => (b.depth / b.sigma > a.depth / a.sigma ? b : a));
  // As in the search itself, one transit event fits any period: m·P needs two in its class.
  if (main.epochs < 2) return { kind: "ruled out" };
  const others = observed.filter((c) => c !== main);
  if (others.length === 0) return alias("unobserved");
  // A class "shows a transit" with a significant dip, however shallow: partial coverage of a
  // transit makes a class shallower, never flat. It "shows none" when flat and clearly shallower.
  const showsTransit = (c: EpochClass) => c.depth > SIGMA_LIMIT * c.sigma;
  const showsNone = (c: EpochClass) => !showsTransit(c) && main.depth - c.depth > SIGMA_LIMIT * Math.hypot(main.sigma, c.sigma);
  if (others.some(showsTransit)) return { kind: "ruled out" };
  if (others.every(showsNone)) return { kind: "preferred", epoch: ephemeris.epoch + main.r * ephemeris.periodDays };
  return alias("inconclusive");
}

/**
 * The period to report (P, or m·P when P's odd or third epochs show no transit) and the longer
 * multiples, up to the baseline, that the data cannot tell from it.
 */
export function resolveAliases(series: Series, ephemeris: BoxEphemeris, minPoints = 3): { chosen: BoxEphemeris; aliases: PeriodAlias[] } {
  const n = series.time.length;
  const baseline = n > 0 ? series.time[n - 1]! - series.time[0]! : 0;
  let chosen = ephemeris;
  // A switch to m·P can itself be a multiple of a longer period: look again, twice at most.
  for (let pass = 0; ; pass++) {
    const aliases: PeriodAlias[] = [];
    let preferred: BoxEphemeris | undefined;
    for (let m = 2; m <= MAX_FACTOR && m * chosen.periodDays <= baseline; m++) {
      const verdict = judgeMultiple(series, chosen, m, minPoints);
      if ("factor" in verdict) aliases.push(verdict);
      else if (verdict.kind === "preferred" && pass < 2) {
        preferred = { ...chosen, periodDays: m * chosen.periodDays, epoch: verdict.epoch };
        break;
      }
    }
    if (!preferred) return { chosen, aliases };
    chosen = preferred;
  }
}
