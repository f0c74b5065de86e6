/**
 * Small master light curves for the dashboard tests, written straight into a bucket: one unit
 * with two cameras observing a few hours a night, 100-s exposures, white noise, and optionally a
 * box transit. Much faster than running the simulator and the merge, which the analysis tests do.
 */
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { lightCurveName, masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { unixSecondsToIso } from "../../../runtime/core/time.js";
import { gaussianNoise } from "../analysis/gaussianNoise.js";

export interface SyntheticStar {
  pic: string;
  nights: number;
  /** Exposures per camera per night (100 s each). */
  exposures: number;
  seed: number;
  transit?: { periodDays: number; firstMidUnixS: number; durationS: number; depth: number };
}

const FIRST_NIGHT_UNIX_S = Date.UTC(2026, 7, 1, 2) / 1000;
const CAMERAS = ["108715", "108716"];

export function syntheticMasterLightCurve(star: SyntheticStar): MasterLightCurve {
  const noise = gaussianNoise(star.seed);
  const mlc = emptyMasterLightCurve(star.pic, "2026-08-20T12:00:00.000Z");
  const points: { time: number; segment: number; flux: number }[] = [];
  for (let night = 0; night < star.nights; night++) {
    const startS = FIRST_NIGHT_UNIX_S + night * 86_400;
    CAMERAS.forEach((camera) => {
      const segment = mlc.segments.length;
      const start = unixSecondsToIso(startS);
      mlc.segments.push({ object: lightCurveName({ pic: star.pic, unit: "PAN000", camera, start }), generation: "1", unit: "PAN000", camera, start, points: star.exposures, median: { R: 1, G: 1, B: 1 } });
      for (let k = 0; k < star.exposures; k++) {
        const time = startS + k * 100;
        const t = star.transit;
        const phaseS = t ? ((((time - t.firstMidUnixS) % (t.periodDays * 86_400)) + t.periodDays * 86_400 * 1.5) % (t.periodDays * 86_400)) - t.periodDays * 43_200 : Infinity;
        points.push({ time, segment, flux: t && Math.abs(phaseS) < t.durationS / 2 ? 1 - t.depth : 1 });
      }
    });
  }
  points.sort((a, b) => a.time - b.time || a.segment - b.segment);
  for (const p of points) {
    mlc.points.time.push(p.time);
    mlc.points.exptime.push(100);
    mlc.points.segment.push(p.segment);
    for (const [channel, sigmaColumn, sigma] of [["R", "sig_r", 0.01], ["G", "sig_g", 0.006], ["B", "sig_b", 0.017]] as const) {
      mlc.points[channel].push(p.flux * (1 + sigma * noise()));
      mlc.points[sigmaColumn].push(sigma);
    }
  }
  return mlc;
}

export async function writeSyntheticStars(store: ObjectStore, stars: readonly SyntheticStar[]): Promise<void> {
  for (const star of stars) await store.put(masterLightCurveName(star.pic), encodeMasterLightCurve(syntheticMasterLightCurve(star)));
}

/** Three stars: one with a 2.4 %-deep transit every 1.37 d (8-h nights catch several), two without. */
export const DASHBOARD_STARS: readonly SyntheticStar[] = [
  { pic: "PIC_J2000437+224239", nights: 8, exposures: 288, seed: 1, transit: { periodDays: 1.37, firstMidUnixS: FIRST_NIGHT_UNIX_S + 2 * 3600, durationS: 6000, depth: 0.024 } },
  { pic: "PIC_J0326137+295015", nights: 6, exposures: 144, seed: 2 },
  { pic: "PIC_J1632291+190441", nights: 3, exposures: 144, seed: 3 },
];
