/**
 * A unit's timeline, with the plan made inside each test (schedule.test.ts makes its plan while the
 * file is collected, before a mutation run switches a mutant on): a camera never takes two
 * exposures at once, every exposure has its star at 30° or more and the Sun below −18°, and a
 * transit coming up when a unit picks its field is kept whole in one segment with half an hour of
 * baseline on each side.
 */
import { describe, expect, it } from "vitest";
import { unixToBjdTdb } from "../../../runtime/core/barycentricTime.js";
import { CATALOG, type CatalogStar } from "../../../runtime/core/catalog.js";
import { buildNetwork, SITES, type Unit } from "../../../runtime/simulator/network.js";
import { EXPOSURE_S, MIN_ALTITUDE_DEG, planSegments, type PlannedSegment } from "../../../runtime/simulator/schedule.js";
import { ASTRONOMICAL_NIGHT_SUN_DEG, astronomicalNight, starAltitudeDeg, sunAltitudeDeg } from "../../../runtime/simulator/sky.js";

const endOf = (s: PlannedSegment): number => s.timesUnixS.at(-1)! + s.exptimeS;

describe("a unit's night", () => {
  it("never has a camera take two exposures at once, and observes only a star at 30° or more in the dark", () => {
    const network = buildNetwork({ cameras: new Map() }, 2, "timeline");
    const plan = planSegments({ units: network, stars: CATALOG, firstDayUnixS: Date.UTC(2026, 8, 1) / 1000, nights: 3, seed: "timeline" });
    expect(new Set(plan.map((s) => s.star.id)).size).toBeGreaterThan(2);
    for (const unit of network) {
      const camera = unit.cameras[0]!;
      const exposures = plan.filter((s) => s.camera === camera).flatMap((s) => s.timesUnixS.map((t) => ({ t, s })));
      expect(exposures.length).toBeGreaterThan(100);
      for (let k = 1; k < exposures.length; k++) expect(exposures[k]!.t - exposures[k - 1]!.t, `${camera} ${exposures[k]!.s.start}`).toBeGreaterThanOrEqual(EXPOSURE_S);
      for (const { t, s } of exposures) {
        for (const at of [t, t + s.exptimeS]) {
          expect(starAltitudeDeg(s.star, unit.site, at), `${s.star.id} ${s.start}`).toBeGreaterThanOrEqual(MIN_ALTITUDE_DEG);
          expect(sunAltitudeDeg(unit.site, at), `${s.start}`).toBeLessThan(ASTRONOMICAL_NIGHT_SUN_DEG);
        }
      }
    }
  });
});

describe("a transit coming up", () => {
  const kittPeak = SITES.find((s) => s.name === "Kitt Peak")!;
  const unit: Unit = { id: "PAN001", cameras: ["100001", "100002"], site: kittPeak };
  const nov1 = Date.UTC(2026, 10, 1) / 1000;
  /** Polaris, J2000 02h31m49.09s +89°15′50.8″ (SIMBAD): at 31–33° all night from Kitt Peak. */
  const polaris = { raDeg: 37.9545, decDeg: 89.2641 };

  it("lies whole in one segment with half an hour of baseline before ingress and after egress", () => {
    // A made-up planet of Polaris (the star is up all night) transiting once a day for 2 h, its
    // middle 2 h after the first night's dusk: each night the transit starts within the 3-h
    // look-ahead of the unit's first pick.
    const duskS = astronomicalNight(kittPeak, nov1)!.startS;
    const planet = { ...CATALOG.find((s) => s.id === "hd189733")!.planet!, name: "made-up", periodDays: 1, durationHours: 2, epochBjd: unixToBjdTdb(duskS + 2 * 3600, polaris.raDeg, polaris.decDeg) };
    const star: CatalogStar = { id: "polaris", name: "Polaris", pic: "PIC_J0231490+891550", ...polaris, vMag: 1.98, planet };
    const nights = 12;
    const plan = planSegments({ units: [unit], stars: [star], firstDayUnixS: nov1, nights, seed: "transit-whole" }).filter((s) => s.camera === unit.cameras[0]);
    const bjd = (t: number): number => unixToBjdTdb(t, star.raDeg, star.decDeg);
    const halfDays = planet.durationHours / 48;
    const baselineDays = 1800 / 86_400;
    // The last exposure of a block ends up to one exposure and read-out (108 s) before the block does.
    const lastExposureDays = (EXPOSURE_S + 8) / 86_400;
    for (let n = 0; n < nights; n++) {
      const mid = planet.epochBjd + n * planet.periodDays;
      const holding = plan.filter((s) => bjd(s.timesUnixS[0]!) <= mid - halfDays - baselineDays && bjd(endOf(s)) >= mid + halfDays + baselineDays - lastExposureDays);
      expect(holding, `transit of night ${n}`).toHaveLength(1);
    }
  });
});
