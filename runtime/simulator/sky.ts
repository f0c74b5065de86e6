/**
 * Where things are in the sky of an observatory, via astronomy-engine: astronomical night (Sun
 * below −18°) and the interval of a night during which a star is above a minimum altitude.
 * Altitudes are geometric (no refraction), so an observed altitude is never lower.
 * Stars are rotated from J2000 to the equator of date ourselves rather than with DefineStar,
 * whose eight slots are global state shared with any other code in the process.
 */
import { Body, Equator, EquatorFromVector, Horizon, MakeTime, Observer, RotateVector, Rotation_EQJ_EQD, SearchAltitude, Vector } from "astronomy-engine";

/** An observatory site (geodetic). */
export interface Site {
  name: string;
  latitudeDeg: number;
  /** East positive. */
  longitudeDeg: number;
  elevationM: number;
}

export interface SkyPosition {
  raDeg: number;
  decDeg: number;
}

/** A time interval in Unix seconds. */
export interface Interval {
  startS: number;
  endS: number;
}

/** Sun altitude that ends astronomical twilight. */
export const ASTRONOMICAL_NIGHT_SUN_DEG = -18;
/** Altitude is smooth over a night: sample every 15 min, then bisect crossings to 1 s. */
const SAMPLE_STEP_S = 900;
const REFINE_TOLERANCE_S = 1;

const observerOf = (site: Site): Observer => new Observer(site.latitudeDeg, site.longitudeDeg, site.elevationM);
const timeOf = (unixS: number) => MakeTime(new Date(unixS * 1000));

/** Geometric altitude (degrees) of a J2000 position seen from `site` at `unixS`. */
export function starAltitudeDeg(position: SkyPosition, site: Site, unixS: number): number {
  const time = timeOf(unixS);
  const ra = (position.raDeg * Math.PI) / 180;
  const dec = (position.decDeg * Math.PI) / 180;
  const j2000 = new Vector(Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec), time);
  const ofDate = EquatorFromVector(RotateVector(Rotation_EQJ_EQD(time), j2000));
  return Horizon(time, observerOf(site), ofDate.ra, ofDate.dec).altitude;
}

/** Geometric altitude (degrees) of the Sun's centre. */
export function sunAltitudeDeg(site: Site, unixS: number): number {
  const time = timeOf(unixS);
  const observer = observerOf(site);
  const sun = Equator(Body.Sun, time, observer, true, true);
  return Horizon(time, observer, sun.ra, sun.dec).altitude;
}

/**
 * The astronomical night that begins on the evening of local calendar day `dayUnixS` (any time
 * on that UTC date): from dusk to dawn at −18°. Undefined when the Sun never gets that low.
 */
export function astronomicalNight(site: Site, dayUnixS: number): Interval | undefined {
  const midnightUtc = Math.floor(dayUnixS / 86_400) * 86_400;
  const localNoon = midnightUtc + 43_200 - (site.longitudeDeg / 15) * 3600;
  const observer = observerOf(site);
  const dusk = SearchAltitude(Body.Sun, observer, -1, timeOf(localNoon), 1, ASTRONOMICAL_NIGHT_SUN_DEG);
  if (!dusk) return undefined;
  const dawn = SearchAltitude(Body.Sun, observer, +1, dusk, 1, ASTRONOMICAL_NIGHT_SUN_DEG);
  if (!dawn) return undefined;
  return { startS: dusk.date.getTime() / 1000, endS: dawn.date.getTime() / 1000 };
}

/**
 * The night (00:00 UTC of the local calendar day of its evening, as astronomicalNight takes it)
 * that a time during a night at `site` belongs to: local mean solar time minus 12 h, so that
 * the morning hours fall back on the evening before.
 */
export function nightOfTime(site: Site, unixS: number): number {
  const localS = unixS + (site.longitudeDeg / 15) * 3600;
  return Math.floor((localS - 43_200) / 86_400) * 86_400;
}

/** Bisects a crossing of `f` between `a` (where `insideA`) and `b`. */
function refineCrossing(f: (t: number) => boolean, a: number, b: number): number {
  const insideA = f(a);
  while (Math.abs(b - a) > REFINE_TOLERANCE_S) {
    const middle = (a + b) / 2;
    if (f(middle) === insideA) a = middle;
    else b = middle;
  }
  return insideA ? a : b; // the end that is inside
}

/**
 * The longest part of `night` during which the star is at or above `minAltitudeDeg`, or
 * undefined. (From our sites a star is above 30° during at most one interval per night.)
 */
export function visibleInterval(position: SkyPosition, site: Site, night: Interval, minAltitudeDeg: number): Interval | undefined {
  const up = (t: number): boolean => starAltitudeDeg(position, site, t) >= minAltitudeDeg;
  let best: Interval | undefined;
  let runStart: number | undefined;
  let previous = night.startS;
  let previousUp = up(previous);
  if (previousUp) runStart = previous;
  for (let t = night.startS + SAMPLE_STEP_S; ; t = Math.min(t + SAMPLE_STEP_S, night.endS)) {
    const nowUp = up(t);
    if (nowUp && !previousUp) runStart = refineCrossing(up, t, previous);
    const closes = (!nowUp && previousUp) || (nowUp && t >= night.endS);
    if (closes && runStart !== undefined) {
      const runEnd = nowUp ? t : refineCrossing(up, previous, t);
      if (!best || runEnd - runStart > best.endS - best.startS) best = { startS: runStart, endS: runEnd };
      runStart = undefined;
    }
    if (t >= night.endS) break;
    previous = t;
    previousUp = nowUp;
  }
  return best;
}
