/**
 * visibleInterval returns the LONGEST part of an interval during which a star is above the limit.
 * Over a stretch longer than a day a star rises twice, so the stretch holds two runs (one cut by an
 * end): each is compared with a brute-force scan of the star's altitude, whichever of the two is
 * longer.
 */
import { describe, expect, it } from "vitest";
import { SITES } from "../../../runtime/simulator/network.js";
import { starAltitudeDeg, visibleInterval, type Interval } from "../../../runtime/simulator/sky.js";

const kittPeak = SITES.find((s) => s.name === "Kitt Peak")!;
/** An equatorial star: above 30° for about 7 h of each sidereal day from Kitt Peak. */
const star = { raDeg: 90, decDeg: 0 };
const LIMIT_DEG = 30;
const SCAN_STEP_S = 60;

/** The runs above the limit, scanned every minute (each to within a minute). */
function scannedRuns(stretch: Interval): Interval[] {
  const runs: Interval[] = [];
  let start: number | undefined;
  for (let t = stretch.startS; t <= stretch.endS; t += SCAN_STEP_S) {
    const up = starAltitudeDeg(star, kittPeak, t) >= LIMIT_DEG;
    if (up && start === undefined) start = t;
    if (!up && start !== undefined) {
      runs.push({ startS: start, endS: t - SCAN_STEP_S });
      start = undefined;
    }
  }
  if (start !== undefined) runs.push({ startS: start, endS: stretch.endS });
  return runs;
}

const length = (run: Interval): number => run.endS - run.startS;

describe("visibleInterval over a stretch holding two runs", () => {
  const day0 = Date.UTC(2026, 0, 10) / 1000;
  // Stretches of 30 h starting every 3 h through a day: the first run is cut short in some, the
  // last in others (and some hold one run only: those say nothing here).
  const stretches = Array.from({ length: 8 }, (_, k) => ({ startS: day0 + k * 3 * 3600, endS: day0 + k * 3 * 3600 + 30 * 3600 }));

  it("returns the longer of the two, whether it comes first or last", () => {
    const longerCame = new Set<string>();
    let compared = 0;
    for (const stretch of stretches) {
      const runs = scannedRuns(stretch);
      if (runs.length < 2) continue;
      const [longest, next] = [...runs].sort((a, b) => length(b) - length(a));
      if (length(longest!) - length(next!) < 600) continue; // two whole runs: a near tie the scan cannot order
      longerCame.add(longest === runs[0] ? "first" : "later");
      const found = visibleInterval(star, kittPeak, stretch, LIMIT_DEG)!;
      expect(found.startS).toBeGreaterThan(longest!.startS - SCAN_STEP_S - 2);
      expect(found.startS).toBeLessThan(longest!.startS + 2);
      expect(found.endS).toBeGreaterThan(longest!.endS - 2);
      expect(found.endS).toBeLessThan(longest!.endS + SCAN_STEP_S + 2);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(4);
    // Both orders were met, so neither "keep the first" nor "keep the last" passes.
    expect([...longerCame].sort()).toEqual(["first", "later"]);
  });
});
