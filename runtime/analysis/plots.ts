/**
 * The plots of a star (vega-lite specs, rendered by renderChart.ts): its R, G and B flux against
 * UTC time (every point with its error bar, or the medians of short bins above MAX_POINTS_DRAWN)
 * with the binned curve, and the combined flux folded at the best BLS period with the fitted
 * limb-darkened transit over it (transitFit.ts; the BLS box dressed as a transit when nothing
 * could be fitted).
 */
import type { TopLevelSpec } from "vega-lite";
import type { PlotKind } from "../core/objectNames.js";
import { binMedian, binWeighted } from "./binning.js";
import { CHANNELS, type LightCurveAnalysis } from "./analyzeMasterLightCurve.js";
import { CHART_CONFIG, renderChart, type RenderedChart } from "./renderChart.js";
import { phaseOffsetDays } from "./transitStatistics.js";
import { fittedTransitCurve } from "./transitFit.js";
import { transitModelCurve } from "./transitModelCurve.js";

/**
 * Points a light curve draws one by one (each with its error bar) at most. Above, each channel is
 * drawn as the medians of short time bins, and the subtitle says how many points went into how
 * many bins: a 3,000-point night drawn point by point was a 3-4 MB SVG and about a second of vega
 * and resvg per star, the larger part of the analyzer's time for one star (bench/README.md).
 */
export const MAX_POINTS_DRAWN = 500;
/**
 * Median bins per channel at most: they start at MEDIAN_BIN_MINUTES and widen (×2) until they fit,
 * so a long survey stays a few hundred marks a channel.
 */
export const MAX_BINS_PER_CHANNEL = 500;
const MEDIAN_BIN_MINUTES = 2;
/** The black weighted-mean curve: 30-min bins, widened to a quarter of MAX_BINS_PER_CHANNEL at most. */
const COARSE_BIN_MINUTES = 30;
const MAX_COARSE_BINS_PER_CHANNEL = MAX_BINS_PER_CHANNEL / 4;
/** Phase bins across the folded plot's window when its points are drawn as medians. */
export const FOLDED_MEDIAN_BINS = 240;
const SECONDS_PER_DAY = 86_400;
const UNIX_EPOCH_JD = 2_440_587.5;
const CHANNEL_COLOURS = ["#d62728", "#2ca02c", "#1f77b4"];
const WIDTH = 760;


interface Row {
  x: number;
  flux: number;
  low: number;
  high: number;
}

const bjdToUtcMs = (bjd: number): number => (bjd - UNIX_EPOCH_JD) * SECONDS_PER_DAY * 1000;

/** Rows of a binned or raw series, with ±1σ bounds for the error bars. */
function rows(x: ArrayLike<number>, flux: ArrayLike<number>, sigma: ArrayLike<number>, toX: (v: number) => number, keep?: ArrayLike<number>): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < x.length; i++) {
    if ((keep && !keep[i]) || !Number.isFinite(flux[i])) continue;
    out.push({ x: toX(x[i]!), flux: flux[i]!, low: flux[i]! - sigma[i]!, high: flux[i]! + sigma[i]! });
  }
  return out;
}

type ColourEncoding = { value: string } | { field: string; type: "nominal"; scale: { domain: string[]; range: string[] }; legend: null };

/**
 * Data marks carry no ARIA label: vega gives each point a ~150-byte description ("x: …; flux: …"),
 * most of the SVG, which no screen reader user would step through point by point; the axes and
 * titles keep theirs.
 */
const NO_ARIA = { aria: false } as const;

/** A point layer and its ±1σ error-bar layer, for the rows that pass `filter`. */
const pointsWithErrors = (filter: string, size: number, color: ColourEncoding) => [
  { transform: [{ filter }], mark: { type: "rule" as const, opacity: 0.5, ...NO_ARIA }, encoding: { y: { field: "low" }, y2: { field: "high" }, color } },
  { transform: [{ filter }], mark: { type: "point" as const, filled: true, size, ...NO_ARIA }, encoding: { color } },
];

const BLACK = { value: "black" };

/** The first of `minutes`, 2 × `minutes`, 4 × … whose bins of the times number `maxBins` at most. */
export function binMinutes(timeBjd: Float64Array, minutes: number, maxBins: number): number {
  const origin = timeBjd.reduce((min, t) => Math.min(min, t), Number.POSITIVE_INFINITY);
  for (let width = minutes; ; width *= 2) {
    const bins = new Set<number>();
    for (const t of timeBjd) if (bins.add(Math.floor((t - origin) / (width / 1440))).size > maxBins) break;
    if (bins.size <= maxBins) return width;
  }
}

const count = (n: number): string => n.toLocaleString("en-US");

export function lightCurveSpec(pic: string, analysis: LightCurveAnalysis): TopLevelSpec {
  const raw = analysis.timeBjd.length <= MAX_POINTS_DRAWN;
  const medianMinutes = binMinutes(analysis.timeBjd, MEDIAN_BIN_MINUTES, MAX_BINS_PER_CHANNEL);
  const coarseMinutes = binMinutes(analysis.timeBjd, COARSE_BIN_MINUTES, MAX_COARSE_BINS_PER_CHANNEL);
  let pointsDrawn = 0;
  let binsDrawn = 0;
  const values = CHANNELS.flatMap((channel) => {
    const c = analysis.channels[channel];
    const coarse = binWeighted(analysis.timeBjd, c.flux, c.sigma, coarseMinutes / 1440, c.keep);
    const black = rows(coarse.position, coarse.value, coarse.sigma, bjdToUtcMs).map((r) => ({ ...r, channel, kind: "binned" }));
    if (raw) return [...rows(analysis.timeBjd, c.flux, c.sigma, bjdToUtcMs, c.keep).map((r) => ({ ...r, channel, kind: "points" })), ...black];
    const medians = binMedian(analysis.timeBjd, c.flux, medianMinutes / 1440, c.keep);
    pointsDrawn += medians.count.reduce((sum, n) => sum + n, 0);
    binsDrawn += medians.position.length;
    const points = Array.from(medians.position, (t, j) => ({ x: bjdToUtcMs(t), flux: medians.value[j]!, count: medians.count[j]!, channel, kind: "medians" }));
    return [...points, ...black];
  });
  const coloured = raw ? "coloured: every point ± 1σ" : `coloured: ${count(pointsDrawn)} points in ${count(binsDrawn)} bins of ${medianMinutes} min (median of each)`;
  const colour: ColourEncoding = { field: "channel", type: "nominal", scale: { domain: [...CHANNELS], range: CHANNEL_COLOURS }, legend: null };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: `${pic}: normalised, detrended flux`, subtitle: `${coloured}; black: ${coarseMinutes}-min bins (weighted mean ± 1σ)` },
    config: CHART_CONFIG,
    data: { values },
    facet: { row: { field: "channel", type: "nominal", sort: [...CHANNELS], title: null } },
    resolve: { scale: { y: "independent" } },
    spec: {
      width: WIDTH,
      height: 150,
      encoding: {
        x: { field: "x", type: "temporal", scale: { type: "utc" }, axis: { title: "Time (UTC)", format: "%Y-%m-%d %H:%M" } },
        y: { field: "flux", type: "quantitative", scale: { zero: false }, axis: { title: "Relative flux" } },
      },
      layer: [
        ...(raw ? pointsWithErrors("datum.kind === 'points'", 10, colour) : [{ transform: [{ filter: "datum.kind === 'medians'" }], mark: { type: "point", filled: true, size: 12, ...NO_ARIA }, encoding: { color: colour } }]),
        ...pointsWithErrors("datum.kind === 'binned'", 18, BLACK),
      ],
    },
  } as TopLevelSpec;
}

/**
 * The grey points of the folded plot, for the rows kept by `near`: each one, or above
 * MAX_POINTS_DRAWN the medians of FOLDED_MEDIAN_BINS phase bins across the window.
 */
function foldedPoints(offsets: Float64Array, flux: Float64Array, near: Uint8Array, halfWindowDays: number, toHours: (days: number) => number) {
  const nearCount = near.reduce((sum, k) => sum + k, 0);
  if (nearCount <= MAX_POINTS_DRAWN) {
    const rowsDrawn = Array.from(offsets, (o, i) => ({ o, i })).filter(({ i }) => near[i] && Number.isFinite(flux[i]));
    return { rows: rowsDrawn.map(({ o, i }) => ({ x: toHours(o), flux: flux[i]!, kind: "points" })), caption: "grey: every point" };
  }
  const medians = binMedian(offsets, flux, (2 * halfWindowDays) / FOLDED_MEDIAN_BINS, near);
  const drawn = medians.count.reduce((sum, n) => sum + n, 0);
  return {
    rows: Array.from(medians.position, (o, j) => ({ x: toHours(o), flux: medians.value[j]!, count: medians.count[j]!, kind: "points" })),
    caption: `grey: ${count(drawn)} points in ${count(medians.position.length)} bins of ${((2 * halfWindowDays * 24 * 60) / FOLDED_MEDIAN_BINS).toFixed(1)} min (median of each)`,
  };
}

export function foldedSpec(pic: string, analysis: LightCurveAnalysis): TopLevelSpec {
  const c = analysis.candidate;
  const base = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", config: CHART_CONFIG, width: WIDTH, height: 320 } as const;
  if (!c) {
    return { ...base, title: `${pic}: no transit candidate`, data: { values: [{ text: "Not enough data for a transit search" }] }, mark: { type: "text", fontSize: 16 }, encoding: { text: { field: "text" } } } as TopLevelSpec;
  }
  const fit = analysis.fit;
  // Folded at the fitted ephemeris when there is one, so the drawn fit lines up with the data.
  const [periodDays, epoch] = fit ? [fit.periodDays.value, fit.epochBjd.value] : [c.periodDays, c.epoch];
  const halfWindowDays = Math.max(1.5 * c.durationDays, 2 / 24);
  const offsets = Float64Array.from(analysis.timeBjd, (t) => phaseOffsetDays(t, periodDays, epoch));
  const near = Uint8Array.from(offsets, (o, i) => (Math.abs(o) <= halfWindowDays && analysis.combined.keep[i] ? 1 : 0));
  const phaseBins = binWeighted(offsets, analysis.combined.flux, analysis.combined.sigma, c.durationDays / 12, near);
  const modelOffsets = Array.from({ length: 241 }, (_, k) => ((k / 240) * 2 - 1) * halfWindowDays);
  const model = fit ? fittedTransitCurve(fit, modelOffsets) : transitModelCurve(c, modelOffsets);
  const modelText = fit ? `fit Rp/R* ${fit.radiusRatio.value.toFixed(4)} ± ${fit.radiusRatio.sigma.toFixed(4)}, b ${fit.impactParameter.value.toFixed(2)}` : "box model";
  const toHours = (days: number) => days * 24;
  const grey = foldedPoints(offsets, analysis.combined.flux, near, halfWindowDays, toHours);
  const values = [
    ...grey.rows,
    ...rows(phaseBins.position, phaseBins.value, phaseBins.sigma, toHours).map((r) => ({ ...r, kind: "binned" })),
    ...modelOffsets.map((o, k) => ({ x: toHours(o), flux: model[k]!, kind: "model" })),
  ];
  return {
    ...base,
    title: {
      text: `${pic}: folded at P = ${periodDays.toFixed(5)} d, depth ${(c.depth * 100).toFixed(2)} %, SNR ${c.snr.toFixed(1)}`,
      // Two lines: one would be wider than the chart, and vega widens the whole image to fit it.
      subtitle: [`${grey.caption}; black: ${(c.durationDays * 120).toFixed(0)}-min bins (weighted mean ± 1σ)`, `red: ${modelText}`],
    },
    data: { values },
    encoding: {
      x: { field: "x", type: "quantitative", axis: { title: "Hours from mid-transit" } },
      y: { field: "flux", type: "quantitative", scale: { zero: false }, axis: { title: "Relative flux (R+G+B)" } },
    },
    layer: [
      { transform: [{ filter: "datum.kind === 'points'" }], mark: { type: "point", filled: true, size: 8, color: "#9e9e9e", opacity: 0.6, ...NO_ARIA } },
      ...pointsWithErrors("datum.kind === 'binned'", 24, BLACK),
      { transform: [{ filter: "datum.kind === 'model'" }], mark: { type: "line", color: "#d62728", strokeWidth: 2 } },
    ],
  } as TopLevelSpec;
}

export function plotSpec(kind: PlotKind, pic: string, analysis: LightCurveAnalysis): TopLevelSpec {
  return kind === "lightcurve" ? lightCurveSpec(pic, analysis) : foldedSpec(pic, analysis);
}

/** Renders one plot of a star to SVG and PNG. */
export function renderPlot(kind: PlotKind, pic: string, analysis: LightCurveAnalysis): Promise<RenderedChart> {
  return renderChart(plotSpec(kind, pic, analysis));
}
