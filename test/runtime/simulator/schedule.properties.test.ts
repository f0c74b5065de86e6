/**
 * Properties of the observing plan that the seeded schedules of schedule.test.ts do not reach:
 * a unit following one field uses the whole of its time (the short remainder of a block joins the
 * last segment instead of being dropped), a field whose planet transits soon is preferred, and a
 * unit where the Sun never sinks to −18° plans nothing (and does not fail).
 */
import { describe, expect, it } from "vitest";
import { CATALOG, type CatalogStar } from "../../../runtime/core/catalog.js";
import { SITES, type Unit } from "../../../runtime/simulator/network.js";
import { EXPOSURE_S, planSegments, type PlannedSegment } from "../../../runtime/simulator/schedule.js";
import { astronomicalNight, nightOfTime, type Site } from "../../../runtime/simulator/sky.js";

const kittPeak = SITES.find((s) => s.name === "Kitt Peak")!;
/** Ny-Ålesund, Svalbard (78.9° N): the Sun stays up all night in June. */
const svalbard: Site = { name: "Ny-Ålesund", latitudeDeg: 78.92, longitudeDeg: 11.93, elevationM: 10 };
/** PIC J0326137+295015: above 30° for most of a November night at Kitt Peak. */
const field = CATALOG.find((s) => s.id === "pic0326")!;
/** HD 189733: sets below 30° in the evening of a November night at Kitt Peak. */
const settingEarly = CATALOG.find((s) => s.id === "hd189733")!;
/** Polaris, J2000 02h31m49.09s +89°15′50.8″ (SIMBAD): at 31–33° all night from Kitt Peak (32° N). */
const polaris: CatalogStar = { id: "polaris", name: "Polaris", pic: "PIC_J0231490+891550", raDeg: 37.9545, decDeg: 89.2641, vMag: 1.98 };
const nov1 = Date.UTC(2026, 10, 1) / 1000;

const units = (site: Site, n: number, first = 0): Unit[] =>
  Array.from({ length: n }, (_, i) => ({ id: `PAN${String(first + i).padStart(3, "0")}`, cameras: [String(200_000 + 2 * (first + i)), String(200_001 + 2 * (first + i))], site }));
const endOf = (s: PlannedSegment): number => s.timesUnixS.at(-1)! + s.exptimeS;

/** The segments of one camera per unit, grouped by unit and night. */
function nightsOf(plan: readonly PlannedSegment[], unitList: readonly Unit[]): PlannedSegment[][] {
  const groups = new Map<string, PlannedSegment[]>();
  for (const s of plan) {
    if (s.camera !== unitList.find((u) => u.id === s.unit)!.cameras[0]) continue;
    const key = `${s.unit} ${nightOfTime(kittPeak, s.timesUnixS[0]!)}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()];
}

/** Checks that no unit is idle between two of its segments in a night for longer than `maxS`; returns how many pairs. */
function expectIdleAtMost(plan: readonly PlannedSegment[], observers: readonly Unit[], maxS: number): number {
  let transitions = 0;
  for (const segments of nightsOf(plan, observers)) {
    for (let i = 1; i < segments.length; i++) {
      const idle = segments[i]!.timesUnixS[0]! - endOf(segments[i - 1]!);
      expect(idle, `${segments[i]!.unit} ${segments[i]!.start}`).toBeLessThanOrEqual(maxS);
      transitions++;
    }
  }
  return transitions;
}

// Between two segments a unit re-focuses (≤ 90 s) or, at the end of a block, slews onto a field
// (≤ 300 s) after the last read-out (≤ 8 s) and at most one exposure's worth of unused time.
const MAX_IDLE_S = 8 + EXPOSURE_S + 300 + 1e-6;

describe("a unit with a field up", () => {
  it("following one field, is never idle longer than a slew and read-out: a block's short remainder joins its last segment", () => {
    const observers = units(kittPeak, 4);
    const plan = planSegments({ units: observers, stars: [field], firstDayUnixS: nov1, nights: 40, seed: "schedule-properties" });
    expect(nightsOf(plan, observers).length).toBeGreaterThan(100);
    expect(expectIdleAtMost(plan, observers, MAX_IDLE_S)).toBeGreaterThan(200);
  });

  it("never picks a field with too little time left for a segment while another is up all night", () => {
    // A field about to set would give a block without segments: the unit idle until it sets.
    const observers = units(kittPeak, 4);
    const plan = planSegments({ units: observers, stars: [settingEarly, polaris], firstDayUnixS: nov1, nights: 30, seed: "schedule-setting" });
    expect(plan.some((s) => s.star === settingEarly)).toBe(true);
    expect(expectIdleAtMost(plan, observers, MAX_IDLE_S)).toBeGreaterThan(200);
  });
});

describe("choosing a field", () => {
  /**
   * Two fields at the same place in the sky (so always available together), one with a planet
   * transiting every 3 h: a transit always starts within the 3 h look-ahead, so that field is
   * 20 times likelier to be chosen at every block (about 95% of them).
   */
  const withPlanet: CatalogStar = {
    ...field,
    id: "pic0326-planet",
    name: "PIC J0326137+295015 with a planet",
    planet: {
      name: "test b",
      periodDays: 0.125,
      epochBjd: 2461000.5,
      radiusRatio: 0.1,
      semiMajorAxisStellarRadii: 2,
      inclinationDeg: 90,
      depth: 0.01,
      durationHours: 0.5,
    },
  };

  it.each([
    ["first", [withPlanet, field]],
    ["last", [field, withPlanet]],
  ])("prefers the field whose planet transits soon, listed %s", (_, stars) => {
    const observers = units(kittPeak, 4);
    const plan = planSegments({ units: observers, stars, firstDayUnixS: nov1, nights: 10, seed: "schedule-preference" });
    const firstCameras = new Set(observers.map((u) => u.cameras[0]));
    const observed = plan.filter((s) => firstCameras.has(s.camera));
    const onPlanet = observed.filter((s) => s.star === withPlanet).length;
    expect(observed.length).toBeGreaterThan(40);
    // Without the preference about half would be; with it, about 95%.
    expect(onPlanet / observed.length).toBeGreaterThan(0.8);
  });

  it("picks each field in proportion to its weight, so fields without a transit are still observed now and then", () => {
    // Weights 20 : 1 : 1, so each plain field gets about 1 block in 22.
    const [plainA, plainB] = [{ ...field, id: "plain-a" }, { ...field, id: "plain-b" }];
    const observers = units(kittPeak, 4);
    const plan = planSegments({ units: observers, stars: [withPlanet, plainA, plainB], firstDayUnixS: nov1, nights: 20, seed: "schedule-weights" });
    const observed = plan.filter((s) => observers.some((u) => u.cameras[0] === s.camera));
    for (const plain of [plainA, plainB]) expect(observed.some((s) => s.star === plain), plain.id).toBe(true);
    expect(observed.filter((s) => s.star === withPlanet).length / observed.length).toBeGreaterThan(0.8);
  });
});

describe("a unit without astronomical night", () => {
  it("plans no segments for it, while a unit elsewhere observes the same nights", () => {
    const june20 = Date.UTC(2026, 5, 20) / 1000;
    expect(astronomicalNight(svalbard, june20)).toBeUndefined();
    const [north, south] = [units(svalbard, 1)[0]!, units(SITES.find((s) => s.name === "Cerro Tololo")!, 1, 1)[0]!];
    const plan = planSegments({ units: [north, south], stars: CATALOG, firstDayUnixS: june20, nights: 2, seed: "schedule-no-night" });
    expect(plan.filter((s) => s.unit === north.id)).toEqual([]);
    expect(plan.filter((s) => s.unit === south.id).length).toBeGreaterThan(0);
  });
});
