import { describe, expect, it } from "vitest";
import type { LightCurveAnalysis } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import type { TransitCandidate } from "../../../runtime/analysis/bls.js";
import { foldedSpec, lightCurveSpec, MAX_POINTS_DRAWN } from "../../../runtime/analysis/plots.js";
import type { TransitFit } from "../../../runtime/analysis/transitFit.js";

// The plot specs (not their rendering) of small hand-made analyses, so that every expected row is
// known here: the error bars of drawn points, which points the folded plot draws one by one and
// when it switches to medians, and what its subtitle says. (plots.test.ts covers the same specs
// on analysed synthetic stars, minutes under a mutation run; this file runs in milliseconds.)
interface PlotRow {
  kind: string;
  channel?: string;
  x: number;
  flux: number;
  low?: number;
  high?: number;
  count?: number;
}
interface Layer {
  transform?: { filter: string }[];
  mark: { type: string };
  encoding?: { y?: { field: string }; y2?: { field: string } };
}
const rowsOf = (spec: object) => (spec as { data: { values: PlotRow[] } }).data.values;
const subtitleOf = (spec: object) => [(spec as { title: { subtitle: string | string[] } }).title.subtitle].flat();

const T0 = 2_460_000.5;
const CADENCE_DAYS = 30 / 86_400;
const SIGMA = 0.002;

/** `n` points 30 s apart from T0, flux 1 ± the pattern below, every point kept; no candidate. */
function analysisOf(n: number, flux: (i: number) => number): LightCurveAnalysis {
  const timeBjd = Float64Array.from({ length: n }, (_, i) => T0 + i * CADENCE_DAYS);
  const series = () => ({ flux: Float64Array.from({ length: n }, (_, i) => flux(i)), sigma: new Float64Array(n).fill(SIGMA), keep: new Uint8Array(n).fill(1) });
  return {
    timeBjd,
    channels: { R: series(), G: series(), B: series() },
    combined: series(),
    binned: { position: new Float64Array(0), value: new Float64Array(0), sigma: new Float64Array(0), count: new Uint32Array(0) },
    cdppPpm: { R: undefined, G: undefined, B: undefined },
    periodogram: { periodDays: new Float64Array(0), power: new Float64Array(0) },
  };
}

/** A 2.4-h transit mid-way through a 1,000-point (8.3-h) series; its folded window is ±0.15 d. */
const EPOCH = T0 + 500 * CADENCE_DAYS;
const candidate: TransitCandidate = { periodDays: 1, epoch: EPOCH, durationDays: 0.1, depth: 0.01, depthSigma: 0.001, inTransitPoints: 288, transitsObserved: 1, snr: 10, sde: 9 };
/** The folded window is ±1.5 durations; its black bins are a twelfth of the duration (12 min). */
const HALF_WINDOW_DAYS = 1.5 * candidate.durationDays;
const nearIndices = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => Math.abs(T0 + i * CADENCE_DAYS - EPOCH) <= HALF_WINDOW_DAYS);

describe("lightCurveSpec of a short light curve", () => {
  it("draws each kept, finite point of each channel with a ±1σ error bar, as a rule from low to high under the point", () => {
    const analysis = analysisOf(40, (i) => 1 + (i % 5) * 0.001);
    analysis.channels.G.flux[3] = Number.NaN;
    analysis.channels.B.keep[7] = 0;
    const spec = lightCurveSpec("PIC_J0326137+295015", analysis);
    const points = rowsOf(spec).filter((r) => r.kind === "points");
    expect(points.filter((r) => r.channel === "R")).toHaveLength(40);
    expect(points.filter((r) => r.channel === "G")).toHaveLength(39);
    expect(points.filter((r) => r.channel === "B")).toHaveLength(39);
    for (const r of points) {
      expect(r.low).toBeCloseTo(r.flux - SIGMA, 12);
      expect(r.high).toBeCloseTo(r.flux + SIGMA, 12);
    }
    // The first R point: flux 1 at T0, drawn at T0 in Unix milliseconds (JD 2440587.5 is the Unix epoch).
    expect(points.find((r) => r.channel === "R")).toMatchObject({ flux: 1, x: (T0 - 2_440_587.5) * 86_400_000 });

    const layers = (spec as unknown as { spec: { layer: Layer[] } }).spec.layer;
    const ofPoints = layers.filter((l) => l.transform?.[0]?.filter === "datum.kind === 'points'");
    expect(ofPoints.map((l) => l.mark.type)).toEqual(["rule", "point"]);
    expect(ofPoints[0]!.encoding).toMatchObject({ y: { field: "low" }, y2: { field: "high" } });
  });
});

describe("foldedSpec's grey points", () => {
  it("draws each kept, finite point near the transit, in hours from mid-transit, up to MAX_POINTS_DRAWN of them", () => {
    const analysis = { ...analysisOf(1000, () => 1), candidate };
    const near = nearIndices(1000);
    expect(near.length).toBeGreaterThan(MAX_POINTS_DRAWN);
    // Keep exactly MAX_POINTS_DRAWN of the near points (and every far one), one of them not finite.
    const dropped = new Set(near.slice(MAX_POINTS_DRAWN));
    analysis.combined.keep = analysis.combined.keep.map((_, i) => (dropped.has(i) ? 0 : 1));
    analysis.combined.flux[near[0]!] = Number.NaN;
    const spec = foldedSpec("PIC_J0326137+295015", analysis);
    const grey = rowsOf(spec).filter((r) => r.kind === "points");
    expect(grey).toHaveLength(MAX_POINTS_DRAWN - 1);
    expect(grey.every((r) => r.count === undefined)).toBe(true);
    const expectedHours = near.slice(1, MAX_POINTS_DRAWN).map((i) => (T0 + i * CADENCE_DAYS - EPOCH) * 24);
    grey.forEach((r, k) => expect(r.x).toBeCloseTo(expectedHours[k]!, 6));
    expect(subtitleOf(spec)[0]).toMatch(/^grey: every point; black: 12-min bins/);
  });

  it("above MAX_POINTS_DRAWN draws the medians of 240 phase bins across the window and says how many points went into how many bins of what width", () => {
    const analysis = { ...analysisOf(1000, (i) => 1 + (i % 3) * 0.001), candidate };
    const near = nearIndices(1000);
    const spec = foldedSpec("PIC_J0326137+295015", analysis);
    const grey = rowsOf(spec).filter((r) => r.kind === "points");
    expect(grey.reduce((sum, r) => sum + r.count!, 0)).toBe(near.length);
    // Bins of 2 × 0.15 d / 240 = 1.8 min: 3 or 4 of the 30-s points each, so about near/3.6 bins.
    expect(grey.length).toBeGreaterThan(near.length / 4.5);
    expect(grey.length).toBeLessThan(near.length / 3);
    expect(subtitleOf(spec)[0]).toBe(`grey: ${near.length} points in ${grey.length} bins of 1.8 min (median of each); black: 12-min bins (weighted mean ± 1σ)`);
  });
});

describe("foldedSpec's model line", () => {
  const fitted: TransitFit = {
    epochBjd: { value: EPOCH, sigma: 0.001 },
    periodDays: { value: 1, sigma: 0.0001 },
    radiusRatio: { value: 0.1, sigma: 0.002 },
    impactParameter: { value: 0.3, sigma: 0.05 },
    semiMajorAxisStellarRadii: { value: 4.2, sigma: 0.1 },
    baseline: { value: 1, sigma: 0.0001 },
    durationHours: 2.4,
    inclinationDeg: 85.9,
    limbDarkening: { u1: 0.4, u2: 0.25 },
    reducedChiSquare: 1,
    points: 200,
  };

  it("names the fitted radius ratio with its error and the impact parameter, or says it is the box model", () => {
    const analysis = { ...analysisOf(200, () => 1), candidate };
    expect(subtitleOf(foldedSpec("PIC_J0326137+295015", { ...analysis, fit: fitted }))[1]).toBe("red: fit Rp/R* 0.1000 ± 0.0020, b 0.30");
    expect(subtitleOf(foldedSpec("PIC_J0326137+295015", analysis))[1]).toBe("red: box model");
  });
});
