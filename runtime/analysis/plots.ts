/**
 * The plots of a star (vega-lite specs, rendered by renderChart.ts): its R, G and B flux against
 * UTC time with error bars and the binned curve, and the combined flux folded at the best BLS
 * period with the fitted limb-darkened transit over it (transitFit.ts; the BLS box dressed as a
 * transit when nothing could be fitted).
 */
import type { TopLevelSpec } from "vega-lite";
import type { PlotKind } from "../core/objectNames.js";
import { binWeighted } from "./binning.js";
import { CHANNELS, type LightCurveAnalysis } from "./analyzeMasterLightCurve.js";
import { CHART_CONFIG, renderChart, type RenderedChart } from "./renderChart.js";
import { phaseOffsetDays } from "./transitStatistics.js";
import { fittedTransitCurve } from "./transitFit.js";
import { transitModelCurve } from "./transitModelCurve.js";

/** Above this many points the raw series is drawn as 10-minute bins, to keep the SVG small. */
export const MAX_RAW_POINTS = 3000;
/**
 * Bins per channel the light curve draws at most: over a long survey 10-minute bins are too many
 * (174 nights gave an 18 MiB SVG, and rendering it took ~300 MiB), so the bins widen.
 */
export const MAX_BINS_PER_CHANNEL = 1500;
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

/** A point layer and its ±1σ error-bar layer, for the rows that pass `filter`. */
const pointsWithErrors = (filter: string, size: number, color: ColourEncoding) => [
  { transform: [{ filter }], mark: { type: "rule" as const, opacity: 0.5 }, encoding: { y: { field: "low" }, y2: { field: "high" }, color } },
  { transform: [{ filter }], mark: { type: "point" as const, filled: true, size }, encoding: { color } },
];

const BLACK = { value: "black" };

/** The first of `minutes`, 2 × `minutes`, 4 × … whose bins of the times number MAX_BINS_PER_CHANNEL at most. */
function binMinutes(timeBjd: Float64Array, minutes: number): number {
  for (let width = minutes; ; width *= 2) {
    const bins = new Set<number>();
    for (const t of timeBjd) if (bins.add(Math.floor(t / (width / 1440))).size > MAX_BINS_PER_CHANNEL) break;
    if (bins.size <= MAX_BINS_PER_CHANNEL) return width;
  }
}

export function lightCurveSpec(pic: string, analysis: LightCurveAnalysis): TopLevelSpec {
  const raw = analysis.timeBjd.length <= MAX_RAW_POINTS;
  const detailMinutes = binMinutes(analysis.timeBjd, 10);
  const coarseMinutes = binMinutes(analysis.timeBjd, 30);
  const values = CHANNELS.flatMap((channel) => {
    const c = analysis.channels[channel];
    const detail = raw ? { position: analysis.timeBjd, value: c.flux, sigma: c.sigma, keep: c.keep } : binned(analysis.timeBjd, c, detailMinutes);
    const hourly = binned(analysis.timeBjd, c, coarseMinutes);
    return [
      ...rows(detail.position, detail.value, detail.sigma, bjdToUtcMs, detail.keep).map((r) => ({ ...r, channel, kind: "points" })),
      ...rows(hourly.position, hourly.value, hourly.sigma, bjdToUtcMs).map((r) => ({ ...r, channel, kind: "binned" })),
    ];
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: `${pic}: normalised, detrended flux${raw ? "" : ` (${detailMinutes}-min bins)`}; black: ${coarseMinutes}-min bins`,
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
        ...pointsWithErrors("datum.kind === 'points'", 10, { field: "channel", type: "nominal", scale: { domain: [...CHANNELS], range: CHANNEL_COLOURS }, legend: null }),
        ...pointsWithErrors("datum.kind === 'binned'", 18, BLACK),
      ],
    },
  } as TopLevelSpec;
}

function binned(timeBjd: Float64Array, series: { flux: Float64Array; sigma: Float64Array; keep: Uint8Array }, minutes: number) {
  return { ...binWeighted(timeBjd, series.flux, series.sigma, minutes / 1440, series.keep), keep: undefined };
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
  const values = [
    ...rows(offsets, analysis.combined.flux, analysis.combined.sigma, toHours, near).map((r) => ({ ...r, kind: "points" })),
    ...rows(phaseBins.position, phaseBins.value, phaseBins.sigma, toHours).map((r) => ({ ...r, kind: "binned" })),
    ...modelOffsets.map((o, k) => ({ x: toHours(o), flux: model[k]!, kind: "model" })),
  ];
  return {
    ...base,
    title: `${pic}: folded at P = ${periodDays.toFixed(5)} d, depth ${(c.depth * 100).toFixed(2)} %, SNR ${c.snr.toFixed(1)}; red: ${modelText}`,
    data: { values },
    encoding: {
      x: { field: "x", type: "quantitative", axis: { title: "Hours from mid-transit" } },
      y: { field: "flux", type: "quantitative", scale: { zero: false }, axis: { title: "Relative flux (R+G+B)" } },
    },
    layer: [
      { transform: [{ filter: "datum.kind === 'points'" }], mark: { type: "point", filled: true, size: 8, color: "#9e9e9e", opacity: 0.6 } },
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
