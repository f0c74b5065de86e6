/**
 * UTC → BJD_TDB, the time scale of published transit ephemerides (Eastman, Siverd & Gaudi 2010,
 * PASP 122, 935): BJD_TDB = JD_UTC + (TT − UTC) + (TDB − TT) + Rømer delay to the barycentre.
 *
 * Error budget (documented, not corrected): the observer is placed at the geocentre (≤ 21 ms);
 * TDB − TT is dropped (periodic, ≤ 1.7 ms); the Einstein and Shapiro delays are dropped (< 1 ms);
 * astronomy-engine's Earth barycentric position is good to ~1e-5 AU (≤ 5 ms); the star's proper
 * motion since J2000 shifts the direction by arcseconds (≤ 3 ms). Total ≲ 0.03 s, negligible
 * next to transit durations of hours; the tests compare against astropy.
 */
import { BaryState, Body, MakeTime } from "astronomy-engine";

const SECONDS_PER_DAY = 86_400;
/** Julian Date of the Unix epoch 1970-01-01T00:00:00 UTC. */
const UNIX_EPOCH_JD = 2_440_587.5;
/** TT − TAI, exact by definition (IAU 1991). */
const TT_MINUS_TAI_S = 32.184;
/** Light travel time for one astronomical unit, seconds (IAU 2012: au = 149 597 870 700 m). */
const AU_LIGHT_SECONDS = 149_597_870_700 / 299_792_458;

/**
 * TAI − UTC from 1999 on (IERS Bulletin C; the last leap second was 2016-12-31, none announced
 * through 2026 — IERS Bulletin C 70, July 2025). Unix seconds at which each value starts.
 */
const LEAP_SECONDS: readonly (readonly [number, number])[] = [
  [Date.UTC(1999, 0, 1) / 1000, 32],
  [Date.UTC(2006, 0, 1) / 1000, 33],
  [Date.UTC(2009, 0, 1) / 1000, 34],
  [Date.UTC(2012, 6, 1) / 1000, 35],
  [Date.UTC(2015, 6, 1) / 1000, 36],
  [Date.UTC(2017, 0, 1) / 1000, 37],
];

/** TT − UTC in seconds at a UTC instant (from 1999 on). */
export function ttMinusUtcSeconds(timeUnixS: number): number {
  if (timeUnixS < LEAP_SECONDS[0]![0]) throw new RangeError(`leap-second table starts in 1999 (got Unix time ${timeUnixS})`);
  let taiMinusUtc = LEAP_SECONDS[0]![1];
  for (const [since, value] of LEAP_SECONDS) if (timeUnixS >= since) taiMinusUtc = value;
  return TT_MINUS_TAI_S + taiMinusUtc;
}

/** Unit vector (ICRS/J2000 equatorial) towards RA, Dec in degrees. */
function direction(raDeg: number, decDeg: number): [number, number, number] {
  const ra = (raDeg * Math.PI) / 180;
  const dec = (decDeg * Math.PI) / 180;
  return [Math.cos(dec) * Math.cos(ra), Math.cos(dec) * Math.sin(ra), Math.sin(dec)];
}

/** Seconds by which light from the star reaches the barycentre after the geocentre (Rømer delay). */
export function roemerDelaySeconds(timeUnixS: number, raDeg: number, decDeg: number): number {
  const earth = BaryState(Body.Earth, MakeTime(new Date(timeUnixS * 1000))); // AU, J2000 equatorial
  const [x, y, z] = direction(raDeg, decDeg);
  return (earth.x * x + earth.y * y + earth.z * z) * AU_LIGHT_SECONDS;
}

/** BJD_TDB (days) of a UTC instant given in Unix seconds, for a star at RA, Dec (J2000, degrees). */
export function unixToBjdTdb(timeUnixS: number, raDeg: number, decDeg: number): number {
  const seconds = timeUnixS + ttMinusUtcSeconds(timeUnixS) + roemerDelaySeconds(timeUnixS, raDeg, decDeg);
  return UNIX_EPOCH_JD + seconds / SECONDS_PER_DAY;
}
