/**
 * Where a star is and when, in the time scale of transit ephemerides: the J2000 position encoded
 * in its PIC id and the BJD_TDB of each mid-exposure (runtime/core/barycentricTime.ts).
 */
import { unixToBjdTdb } from "../core/barycentricTime.js";
import { InvalidObjectNameError } from "../core/errors.js";

export interface SkyPosition {
  raDeg: number;
  decDeg: number;
}

const SECONDS_PER_DAY = 86_400;
/** Julian Date of the Unix epoch. */
const UNIX_EPOCH_JD = 2_440_587.5;
/** Spacing of the exact BJD evaluations that are interpolated between. */
const NODE_SPACING_S = 3600;

const PIC = /^PIC_J(\d{2})(\d{2})(\d{2})(\d{0,2})([+-])(\d{2})(\d{2})(\d{2})(\d?)$/;

/**
 * The position in a PIC id (`PIC_J` + RA hhmmss[.ss] + Dec ±ddmmss[.s], 2MASS style). The digits
 * are truncated, so the position is good to ~1″, which moves a BJD by under 3 ms.
 */
export function picPosition(pic: string): SkyPosition {
  const m = PIC.exec(pic);
  if (!m) throw new InvalidObjectNameError(pic, "is not a PIC id like PIC_J0326137+295015");
  const [, rh, rm, rs, rf = "", sign, dd, dm, ds, df = ""] = m as unknown as string[];
  const raSeconds = Number(`${rs}.${rf || "0"}`);
  const decSeconds = Number(`${ds}.${df || "0"}`);
  const raDeg = 15 * (Number(rh) + Number(rm) / 60 + raSeconds / 3600);
  const decDeg = (sign === "-" ? -1 : 1) * (Number(dd) + Number(dm) / 60 + decSeconds / 3600);
  return { raDeg, decDeg };
}

/**
 * BJD_TDB (days) of the middle of each exposure. The barycentric correction changes by under
 * 0.05 s per hour and is smooth, so it is computed exactly on an hourly grid and interpolated
 * linearly (error < 1 ms); 100,000 exact evaluations would take seconds.
 */
export function midExposureBjd(timeUnixS: ArrayLike<number>, exptimeS: ArrayLike<number>, position: SkyPosition): Float64Array {
  const offsets = new Map<number, number>();
  const offsetAt = (node: number): number => {
    let offset = offsets.get(node);
    if (offset === undefined) {
      const t = node * NODE_SPACING_S;
      offset = unixToBjdTdb(t, position.raDeg, position.decDeg) - (UNIX_EPOCH_JD + t / SECONDS_PER_DAY);
      offsets.set(node, offset);
    }
    return offset;
  };
  return Float64Array.from({ length: timeUnixS.length }, (_, i) => {
    const t = timeUnixS[i]! + exptimeS[i]! / 2;
    const node = Math.floor(t / NODE_SPACING_S);
    const fraction = t / NODE_SPACING_S - node;
    const offset = offsetAt(node) * (1 - fraction) + offsetAt(node + 1) * fraction;
    return UNIX_EPOCH_JD + t / SECONDS_PER_DAY + offset;
  });
}
