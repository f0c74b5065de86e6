import { describe, expect, it } from "vitest";
import { analyzeLightCurve, type LightCurveAnalysis } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { FOLDED_MEDIAN_BINS, foldedSpec, lightCurveSpec, MAX_BINS_PER_CHANNEL, MAX_POINTS_DRAWN, renderPlot } from "../../../runtime/analysis/plots.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

interface PlotRow {
  kind: string;
  channel?: string;
  x: number;
  flux: number;
  count?: number;
}
const values = (spec: object) => (spec as { data: { values: PlotRow[] } }).data.values;
const subtitle = (spec: object) => [(spec as { title: { subtitle: string | string[] } }).title.subtitle].flat().join("\n");
const CHANNELS = ["R", "G", "B"] as const;

/** The median of `xs`, computed here on its own (mean of the two middle values for an even count). */
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A channel's kept points grouped in bins of `minutes` from its first kept time: per bin, its fluxes. */
function binsOf(analysis: LightCurveAnalysis, channel: (typeof CHANNELS)[number], minutes: number): number[][] {
  const c = analysis.channels[channel];
  const kept = [...analysis.timeBjd.keys()].filter((i) => c.keep[i] && Number.isFinite(c.flux[i]));
  const origin = Math.min(...kept.map((i) => analysis.timeBjd[i]!));
  const bins = new Map<number, number[]>();
  for (const i of kept) {
    const b = Math.floor((analysis.timeBjd[i]! - origin) / (minutes / 1440));
    bins.set(b, [...(bins.get(b) ?? []), c.flux[i]!]);
  }
  return [...bins.entries()].sort(([a], [b]) => a - b).map(([, fluxes]) => fluxes);
}

describe("plots", () => {
  const short = analyzeLightCurve(syntheticMasterLightCurve({ ...DASHBOARD_STARS[2]!, nights: 1 }));
  const planet = analyzeLightCurve(syntheticMasterLightCurve(DASHBOARD_STARS[0]!));

  it("draws every kept point of a short light curve with its error bar, and the binned curve, per channel", () => {
    expect(short.timeBjd.length).toBeLessThanOrEqual(MAX_POINTS_DRAWN);
    const spec = lightCurveSpec("PIC_J1632291+190441", short);
    const rows = values(spec);
    const kept = CHANNELS.reduce((sum, c) => sum + short.channels[c].keep.reduce((a, b) => a + b, 0), 0);
    expect(rows.filter((r) => r.kind === "points")).toHaveLength(kept);
    expect(rows.filter((r) => r.kind === "medians")).toHaveLength(0);
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(CHANNELS));
    expect(rows.some((r) => r.kind === "binned")).toBe(true);
    expect(subtitle(spec)).toMatch(/^coloured: every point ± 1σ; black: 30-min bins/);
  });

  it("draws a light curve above MAX_POINTS_DRAWN as the medians of the narrowest bins (2 min × 2^k) that fit, and says how many points went into how many bins", () => {
    expect(planet.timeBjd.length).toBeGreaterThan(MAX_POINTS_DRAWN);
    const spec = lightCurveSpec("PIC_J2000437+224239", planet);
    const rows = values(spec);
    expect(rows.filter((r) => r.kind === "points")).toHaveLength(0);
    // 8 nights of 8 h: 2- and 4-min bins are more than 500 a channel, 8-min bins 480.
    expect(binsOf(planet, "R", 4).length).toBeGreaterThan(MAX_BINS_PER_CHANNEL);
    let points = 0;
    let bins = 0;
    for (const channel of CHANNELS) {
      const expected = binsOf(planet, channel, 8);
      const drawn = rows.filter((r) => r.kind === "medians" && r.channel === channel).sort((a, b) => a.x - b.x);
      expect(drawn.map((r) => r.count)).toEqual(expected.map((fluxes) => fluxes.length));
      drawn.forEach((r, j) => expect(r.flux).toBe(median(expected[j]!)));
      points += expected.reduce((sum, fluxes) => sum + fluxes.length, 0);
      bins += expected.length;
    }
    expect(bins).toBeLessThanOrEqual(3 * MAX_BINS_PER_CHANNEL);
    expect(subtitle(spec)).toBe(`coloured: ${points.toLocaleString("en-US")} points in ${bins.toLocaleString("en-US")} bins of 8 min (median of each); black: 60-min bins (weighted mean ± 1σ)`);
  });

  it("widens the bins of a long survey so that each channel draws MAX_BINS_PER_CHANNEL at most, and names the width", () => {
    const survey = analyzeLightCurve(syntheticMasterLightCurve({ ...DASHBOARD_STARS[2]!, nights: 60, exposures: 288 }));
    const spec = lightCurveSpec("PIC_J1632291+190441", survey);
    const rows = values(spec);
    for (const kind of ["medians", "binned"]) {
      for (const channel of CHANNELS) expect(rows.filter((r) => r.kind === kind && r.channel === channel).length).toBeLessThanOrEqual(MAX_BINS_PER_CHANNEL);
    }
    // 60 nights of 8 h: 64-minute bins are still more than 500 a channel (8-9 a night), 128 fit.
    const width = Number(/bins of (\d+) min/.exec(subtitle(spec))?.[1]);
    expect(width).toBe(128);
    expect(binsOf(survey, "G", 64).length).toBeGreaterThan(MAX_BINS_PER_CHANNEL);
    const g = rows.filter((r) => r.kind === "medians" && r.channel === "G").sort((a, b) => a.x - b.x);
    expect(g.map((r) => r.flux)).toEqual(binsOf(survey, "G", width).map(median));
    expect(Math.max(...g.slice(1).map((r, j) => r.x - g[j]!.x))).toBeGreaterThan(width * 60_000 * 0.5); // points are bins, not exposures
  });

  it("folds at the candidate with the model over it, its points as phase-bin medians above MAX_POINTS_DRAWN, and says so when there is none", async () => {
    const folded = foldedSpec("PIC_J2000437+224239", planet);
    expect(values(folded).filter((r) => r.kind === "model")).toHaveLength(241);
    const grey = values(folded).filter((r) => r.kind === "points");
    expect(grey.length).toBeLessThanOrEqual(FOLDED_MEDIAN_BINS);
    const drawn = grey.reduce((sum, r) => sum + r.count!, 0);
    expect(drawn).toBeGreaterThan(MAX_POINTS_DRAWN);
    expect(subtitle(folded)).toMatch(new RegExp(`^grey: ${drawn.toLocaleString("en-US")} points in ${grey.length} bins of [\\d.]+ min \\(median of each\\); black: \\d+-min bins`));

    // The same star with only 300 of its points kept: each drawn as it is.
    let left = 300;
    const fewer = { ...planet, combined: { ...planet.combined, keep: planet.combined.keep.map((k) => (k && left-- > 0 ? 1 : 0)) } };
    const fewerRows = values(foldedSpec("PIC_J2000437+224239", fewer)).filter((r) => r.kind === "points");
    expect(fewerRows.length).toBeGreaterThan(0);
    expect(fewerRows.every((r) => r.count === undefined)).toBe(true);
    expect(subtitle(foldedSpec("PIC_J2000437+224239", fewer))).toMatch(/^grey: every point; /);

    const none = await renderPlot("folded", "PIC_J1632291+190441", { ...short, candidate: undefined });
    expect(none.svg).toContain("no transit candidate");
    expect(none.png.subarray(1, 4).toString()).toBe("PNG");
  });

  it("renders the binned light curve with its subtitle", async () => {
    const chart = await renderPlot("lightcurve", "PIC_J2000437+224239", planet);
    expect(chart.svg.includes("bins of 8 min (median of each)")).toBe(true);
    expect(chart.png.subarray(1, 4).toString()).toBe("PNG");
  });
});
