import { describe, expect, it } from "vitest";
import { measureSuppression } from "../../../runtime/analysis/completeness.js";
import { injectionContext } from "../../../runtime/analysis/injectionRecovery.js";
import type { MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { lightCurveName } from "../../../runtime/core/objectNames.js";
import { unixSecondsToIso } from "../../../runtime/core/time.js";
import { randomStream, type Random } from "../../../runtime/simulator/random.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// Suppression is averaged over the trial epochs weighted by their in-transit points, so an epoch
// whose transit covers no usable point counts for nothing; it must not turn the average into
// "no value". Such an epoch is forced here: two 4-h nights a day apart, plus one exposure with no
// flux (NaN, dropped by the analysis) alone at 14.4 h after the first night's start; a 1-h transit
// centred on it, at the suppression period (0.75 d for this 1.2-d baseline), covers no other
// point (its other transits fall 0.15 d before the data and 0.18 d after them).
function withLoneEmptyExposure(mlc: MasterLightCurve): MasterLightCurve {
  const loneS = mlc.points.time[0]! + 0.6 * 86_400;
  const start = unixSecondsToIso(loneS);
  const segment = mlc.segments.length;
  const segments = [...mlc.segments, { object: lightCurveName({ pic: mlc.pic, unit: "PAN000", camera: "108717", start }), generation: "1", unit: "PAN000", camera: "108717", start, points: 1, median: { R: 1, G: 1, B: 1 } }];
  const at = mlc.points.time.findIndex((t) => t > loneS);
  const insert = <T,>(column: T[], value: T) => [...column.slice(0, at), value, ...column.slice(at)];
  const p = mlc.points;
  return {
    ...mlc,
    segments,
    points: {
      ...p,
      time: insert(p.time, loneS),
      exptime: insert(p.exptime, 100),
      segment: insert(p.segment, segment),
      R: insert(p.R, Number.NaN),
      G: insert(p.G, Number.NaN),
      B: insert(p.B, Number.NaN),
      sig_r: insert(p.sig_r, 0.01),
      sig_g: insert(p.sig_g, 0.006),
      sig_b: insert(p.sig_b, 0.017),
    },
  };
}

/** A Random whose next() gives `values` in turn. */
function scripted(values: number[]): Random {
  return { ...randomStream("unused", "scripted"), next: () => values.shift()! };
}

describe("measureSuppression with an epoch whose transit holds no usable point", () => {
  it("averages over the other epochs instead of giving no value", () => {
    const mlc = withLoneEmptyExposure(syntheticMasterLightCurve({ pic: "PIC_J0326137+295015", nights: 2, exposures: 144, seed: 13 }));
    const context = injectionContext(mlc, { falseAlarm: false });
    const n = context.timeBjd.length;
    const lone = mlc.points.R.findIndex((f) => Number.isNaN(f));
    expect(context.timeBjd[lone]! - context.timeBjd[lone - 1]!).toBeGreaterThan(0.4);
    // Epochs picked as floor(next() × n): the lone exposure, then the middle of the first night.
    const [point] = measureSuppression(context, scripted([(lone + 0.5) / n, 72.5 / n]), { durationsHours: [1], epochs: 2 });
    expect(point!.periodDays).toBe(0.75);
    expect(point!.suppression).not.toBeNull();
    expect(Math.abs(point!.suppression!)).toBeLessThan(0.2);
  });
});
