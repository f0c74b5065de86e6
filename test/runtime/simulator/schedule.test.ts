import { beforeAll, describe, expect, it } from "vitest";
import { unixToBjdTdb } from "../../../runtime/core/barycentricTime.js";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { buildNetwork } from "../../../runtime/simulator/network.js";
import { DEFAULT_SEED, DEFAULT_START } from "../../../runtime/simulator/simulateOptions.js";
import { randomStream } from "../../../runtime/simulator/random.js";
import { EXPOSURE_S, MIN_SEGMENT_S, planSegments, type PlannedSegment } from "../../../runtime/simulator/schedule.js";
import { runPython } from "./systemPython.js";

let network: ReturnType<typeof buildNetwork>;
let plan: PlannedSegment[];
// In beforeAll, not while the file is collected: under `npm run mutate` the mutant is switched on
// in an earlier beforeAll, so a plan made at collection would never see it.
beforeAll(() => {
  network = buildNetwork({ cameras: new Map() }, 3, "schedule-test");
  plan = planSegments({
    units: network,
    stars: CATALOG,
    firstDayUnixS: Date.parse("2026-08-01T00:00:00Z") / 1000,
    nights: 2,
    seed: "schedule-test",
  });
});
const endOf = (s: PlannedSegment): number => s.timesUnixS.at(-1)! + s.exptimeS;

describe("planSegments", () => {
  it("plans segments for every unit and both of its cameras, with identical exposure times", () => {
    expect(plan.length).toBeGreaterThan(20);
    for (const unit of network) {
      const [a, b] = unit.cameras.map((camera) => plan.filter((s) => s.camera === camera));
      expect(a!.length).toBeGreaterThan(0);
      expect(a!.map((s) => s.timesUnixS)).toEqual(b!.map((s) => s.timesUnixS));
    }
  });

  it("makes segments of at least 1000 s from 100 s exposures with small gaps, never overlapping", () => {
    for (const camera of network.flatMap((u) => u.cameras)) {
      const segments = plan.filter((s) => s.camera === camera);
      segments.forEach((segment, i) => {
        expect(segment.exptimeS).toBe(EXPOSURE_S);
        expect(endOf(segment) - segment.timesUnixS[0]!).toBeGreaterThanOrEqual(MIN_SEGMENT_S);
        for (let k = 1; k < segment.timesUnixS.length; k++) {
          const gap = segment.timesUnixS[k]! - segment.timesUnixS[k - 1]! - EXPOSURE_S;
          expect(gap).toBeGreaterThanOrEqual(2 - 1e-6);
          expect(gap).toBeLessThanOrEqual(8 + 1e-6);
        }
        if (i > 0) expect(segment.timesUnixS[0]!).toBeGreaterThan(endOf(segments[i - 1]!));
      });
    }
  });

  it("follows a field for hours: the median time on a star per unit and night is over an hour", () => {
    const coverage = new Map<string, number>();
    for (const s of plan.filter((s) => network.some((u) => u.cameras[0] === s.camera))) {
      const key = `${s.unit} ${s.start.slice(0, 10)} ${s.star.id}`;
      coverage.set(key, (coverage.get(key) ?? 0) + endOf(s) - s.timesUnixS[0]!);
    }
    const hours = [...coverage.values()].map((s) => s / 3600).sort((a, b) => a - b);
    expect(hours[Math.floor(hours.length / 2)]!).toBeGreaterThan(1);
  });

  it("is deterministic for a given request", () => {
    const again = planSegments({ units: network, stars: CATALOG, firstDayUnixS: Date.parse("2026-08-01T00:00:00Z") / 1000, nights: 2, seed: "schedule-test" });
    expect(again.map((s) => [s.camera, s.start, s.star.id])).toEqual(plan.map((s) => [s.camera, s.start, s.star.id]));
  });

  it("observes only above 30° during astronomical night, checked with astropy for 5 random segments", async () => {
    const random = randomStream("schedule-test", "sample");
    const sample = Array.from({ length: 5 }, () => random.pick(plan));
    const checks = sample.map((s) => {
      const site = network.find((u) => u.id === s.unit)!.site;
      // Every exposure, at its start and its end.
      const times = s.timesUnixS.flatMap((t) => [t, t + s.exptimeS]);
      return { ra: s.star.raDeg, dec: s.star.decDeg, lat: site.latitudeDeg, lon: site.longitudeDeg, height: site.elevationM, times };
    });
    const altitudes = await runPython<{ star: number[]; sun: number[] }[]>(
      `
from astropy.time import Time
from astropy.coordinates import SkyCoord, EarthLocation, AltAz, get_sun
import astropy.units as u
out = []
for c in json.load(sys.stdin):
    site = EarthLocation.from_geodetic(c["lon"] * u.deg, c["lat"] * u.deg, c["height"] * u.m)
    times = Time(c["times"], format="unix", scale="utc")
    frame = AltAz(obstime=times, location=site)  # no pressure given: no refraction
    star = SkyCoord(c["ra"] * u.deg, c["dec"] * u.deg).transform_to(frame)
    sun = get_sun(times).transform_to(frame)
    out.append({"star": star.alt.deg.tolist(), "sun": sun.alt.deg.tolist()})
print(json.dumps(out))
`,
      checks,
    );
    for (const [i, { star, sun }] of altitudes.entries()) {
      expect(star).toHaveLength(checks[i]!.times.length);
      expect(Math.min(...star), `${sample[i]!.star.id} ${sample[i]!.start}`).toBeGreaterThanOrEqual(30);
      expect(Math.max(...sun), `${sample[i]!.unit} ${sample[i]!.start}`).toBeLessThan(-18);
    }
  });

  it("covers at least 3 whole transits of HD 189733 b, each inside one segment, in the documented weeks run", () => {
    // `piaa simulate --units 4 --nights 30`; P = 2.21857567 d, T14 = 1.827 h (Agol et al. 2010).
    const star = CATALOG.find((s) => s.id === "hd189733")!;
    const planet = star.planet!;
    const weeks = planSegments({
      units: buildNetwork({ cameras: new Map() }, 4, DEFAULT_SEED),
      stars: CATALOG,
      firstDayUnixS: Date.parse(`${DEFAULT_START}T00:00:00Z`) / 1000,
      nights: 30,
      seed: DEFAULT_SEED,
    });
    const halfDays = planet.durationHours / 48;
    const transits = new Set<number>();
    for (const segment of weeks.filter((s) => s.star === star)) {
      const first = unixToBjdTdb(segment.timesUnixS[0]!, star.raDeg, star.decDeg);
      const last = unixToBjdTdb(endOf(segment), star.raDeg, star.decDeg);
      const cycle = Math.round((first - planet.epochBjd) / planet.periodDays);
      for (const n of [cycle, cycle + 1]) {
        const mid = planet.epochBjd + n * planet.periodDays;
        if (first < mid - halfDays && last > mid + halfDays) transits.add(n);
      }
    }
    expect(transits.size).toBeGreaterThanOrEqual(3);
  });
});
