/**
 * The observing plan: per unit per night, blocks of one to several hours on one field each (like
 * real PANOPTES units), only while the star is above 30° during astronomical night, cut into
 * segments of at least 1000 s made of 100 s exposures separated by small random gaps. Both cameras
 * of a unit are triggered together, so they share exposure times. As in PANOPTES' first science
 * programme (follow-up of known hot Jupiters), a unit prefers a field whose planet transits soon
 * and then follows it until after egress, so a few weeks of a small network catch several
 * transits of each catalog planet.
 */
import { unixToBjdTdb } from "../core/barycentricTime.js";
import { unixMicrosToIso } from "../core/time.js";
import type { CatalogStar } from "../core/catalog.js";
import type { Unit } from "./network.js";
import { randomStream, type Random } from "./random.js";
import { astronomicalNight, visibleInterval, type Interval } from "./sky.js";

export const MIN_ALTITUDE_DEG = 30;
export const EXPOSURE_S = 100;
export const MIN_SEGMENT_S = 1000;
/** Read-out and dither between exposures, seconds. */
const GAP_S: readonly [number, number] = [2, 8];
/** One field is followed for this long (hours) unless it sets first. */
const BLOCK_HOURS: readonly [number, number] = [1, 5];
/** Exposures per segment before the unit re-focuses and starts a new one. */
const EXPOSURES_PER_SEGMENT: readonly [number, number] = [60, 150];
/** Slewing to a new field or re-focusing, seconds. */
const SLEW_S: readonly [number, number] = [60, 300];
const REFOCUS_S: readonly [number, number] = [20, 90];
/** Kept clear of the edges of night and of the 30° window, seconds. */
const EDGE_MARGIN_S = 30;
/** How much likelier a field with a transit starting within the look-ahead is to be chosen. */
const TRANSIT_PREFERENCE = 20;
const TRANSIT_LOOKAHEAD_S = 3 * 3600;
/** Baseline around a transit that stays in the same segment as the transit, seconds. */
const TRANSIT_BASELINE_S = 1800;
/** Baseline kept after egress, hours. */
const AFTER_EGRESS_HOURS: readonly [number, number] = [0.5, 1.5];
const MAX_CYCLE_S = EXPOSURE_S + GAP_S[1];
const MIN_EXPOSURES = Math.ceil(MIN_SEGMENT_S / EXPOSURE_S);

/** One segment as one camera records it. */
export interface PlannedSegment {
  unit: string;
  camera: string;
  star: CatalogStar;
  /** Segment start = first exposure, PANOPTES ISO form. */
  start: string;
  /** Exposure start times, Unix seconds (whole microseconds). */
  timesUnixS: number[];
  exptimeS: number;
}

export interface ScheduleRequest {
  units: readonly Unit[];
  stars: readonly CatalogStar[];
  /** Any time on the UTC date of the first night. */
  firstDayUnixS: number;
  nights: number;
  seed: string;
}

const shrink = (interval: Interval, by: number): Interval => ({ startS: interval.startS + by, endS: interval.endS - by });
const roundMicros = (s: number): number => Math.round(s * 1e6) / 1e6;

/**
 * Exposure times of the segments of one block, from `startS` until `endS`. A segment is not cut
 * inside `keepWhole` (a transit with some baseline), so each transit lies in one segment.
 */
function segmentsOfBlock(random: Random, startS: number, endS: number, keepWhole?: Interval): number[][] {
  const segments: number[][] = [];
  let t = startS;
  while (endS - t >= MIN_EXPOSURES * MAX_CYCLE_S) {
    let wanted = random.integer(...EXPOSURES_PER_SEGMENT);
    const times: number[] = [];
    for (;;) {
      times.push(roundMicros(t));
      t += EXPOSURE_S + random.uniform(...GAP_S);
      wanted--;
      const roomLeft = endS - t;
      if (roomLeft < EXPOSURE_S) break;
      const insideKept = keepWhole !== undefined && t > keepWhole.startS && t < keepWhole.endS;
      // Stop once enough exposures are taken, unless inside a transit or the remainder would be
      // too short to make a segment of its own (then it is absorbed into this one).
      if (wanted <= 0 && !insideKept && roomLeft >= MIN_EXPOSURES * MAX_CYCLE_S + REFOCUS_S[1]) break;
    }
    segments.push(times);
    t += random.uniform(...REFOCUS_S);
  }
  return segments;
}

/** End (Unix s) of the next transit whose ingress is within the look-ahead of `t`, if any. */
function upcomingTransitEndS(star: CatalogStar, t: number): number | undefined {
  const planet = star.planet;
  if (!planet) return undefined;
  const nowBjd = unixToBjdTdb(t, star.raDeg, star.decDeg);
  const halfDays = planet.durationHours / 48;
  const cycle = Math.ceil((nowBjd - halfDays - planet.epochBjd) / planet.periodDays);
  const ingressS = (planet.epochBjd + cycle * planet.periodDays - halfDays - nowBjd) * 86_400;
  return ingressS <= TRANSIT_LOOKAHEAD_S ? t + ingressS + planet.durationHours * 3600 : undefined;
}

/**
 * Picks a field, preferring one with a transit coming up; returns it, when to stop following it
 * and the stretch (transit plus baseline) not to cut into two segments.
 */
function chooseField<T extends { star: CatalogStar; window: Interval }>(
  random: Random,
  available: readonly T[],
  t: number,
): [T, number, Interval | undefined] {
  const transitEnds = available.map(({ star }) => upcomingTransitEndS(star, t));
  const weights = transitEnds.map((end) => (end === undefined ? 1 : TRANSIT_PREFERENCE));
  let pick = random.uniform(0, weights.reduce((a, b) => a + b, 0));
  let index = 0;
  while (index < available.length - 1 && pick >= weights[index]!) pick -= weights[index++]!;
  const chosen = available[index]!;
  const transitEnd = transitEnds[index];
  const blockEnd = Math.max(
    t + random.uniform(...BLOCK_HOURS) * 3600,
    transitEnd === undefined ? 0 : transitEnd + random.uniform(...AFTER_EGRESS_HOURS) * 3600,
  );
  const durationS = (chosen.star.planet?.durationHours ?? 0) * 3600;
  const keepWhole =
    transitEnd === undefined ? undefined : { startS: transitEnd - durationS - TRANSIT_BASELINE_S, endS: transitEnd + TRANSIT_BASELINE_S };
  return [chosen, Math.min(chosen.window.endS, blockEnd), keepWhole];
}

/** Fields observed by one unit in one night: [star, exposure times of each segment]. */
function planNight(random: Random, stars: readonly CatalogStar[], unit: Unit, dayUnixS: number): [CatalogStar, number[][]][] {
  const night = astronomicalNight(unit.site, dayUnixS);
  if (!night) return [];
  const dark = shrink(night, EDGE_MARGIN_S);
  const windows = stars
    .map((star) => ({ star, window: visibleInterval(star, unit.site, dark, MIN_ALTITUDE_DEG) }))
    .filter((w): w is { star: CatalogStar; window: Interval } => w.window !== undefined)
    .map(({ star, window }) => ({ star, window: shrink(window, EDGE_MARGIN_S) }));
  const minimumBlockS = MIN_EXPOSURES * MAX_CYCLE_S;
  const fields: [CatalogStar, number[][]][] = [];
  let t = dark.startS;
  for (;;) {
    const usable = windows.filter(({ window }) => window.endS - Math.max(t, window.startS) >= minimumBlockS);
    if (usable.length === 0) break;
    const availableNow = usable.filter(({ window }) => window.startS <= t);
    if (availableNow.length === 0) {
      t = Math.min(...usable.map(({ window }) => window.startS));
      continue;
    }
    const [{ star }, blockEnd, keepWhole] = chooseField(random, availableNow, t);
    const segments = segmentsOfBlock(random, t, blockEnd, keepWhole);
    if (segments.length > 0) fields.push([star, segments]);
    t = Math.max(blockEnd, t + minimumBlockS) + random.uniform(...SLEW_S);
  }
  return fields;
}

/** Every segment of the run, in time order per unit; deterministic for a given request. */
export function planSegments(request: ScheduleRequest): PlannedSegment[] {
  const planned: PlannedSegment[] = [];
  for (const unit of request.units) {
    for (let night = 0; night < request.nights; night++) {
      const dayUnixS = request.firstDayUnixS + night * 86_400;
      const random = randomStream(request.seed, "schedule", unit.id, Math.floor(dayUnixS / 86_400));
      for (const [star, segments] of planNight(random, request.stars, unit, dayUnixS)) {
        for (const times of segments) {
          for (const camera of unit.cameras) {
            planned.push({
              unit: unit.id,
              camera,
              star,
              start: unixMicrosToIso(Math.round(times[0]! * 1e6)),
              timesUnixS: times,
              exptimeS: EXPOSURE_S,
            });
          }
        }
      }
    }
  }
  return planned;
}
