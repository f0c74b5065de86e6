/**
 * The star page's injection-and-recovery section, from the stored `piaa completeness` result
 * only: the completeness map (period × depth, one cell per grid point shaded by the fraction
 * recovered, the star's own candidate marked) and the transfer function (recovered/injected
 * amplitude of sinusoids against their period, log axis), both as inline SVG drawn from the
 * stored numbers, plus the suppression per transit duration.
 */
import { depthAtHalfCompleteness, type CompletenessResult } from "../analysis/completenessResult.js";
import { escapeHtml } from "./dashboardPages.js";

const MAP = { width: 520, height: 300, left: 70, bottom: 44, top: 12, right: 16 };
const TRANSFER = { width: 520, height: 240, left: 56, bottom: 44, top: 12, right: 16 };
const SVG_STYLE = 'font-family="DejaVu Sans, sans-serif" font-size="11"';

const pct = (value: number, digits: number): string => `${(value * 100).toFixed(digits)} %`;

/** White (0) to dark blue (1). */
function shade(fraction: number): string {
  const channel = (from: number, to: number) => Math.round(from + (to - from) * fraction);
  return `rgb(${channel(247, 8)},${channel(251, 48)},${channel(255, 107)})`;
}

function completenessMap(result: CompletenessResult): string {
  const periods = [...new Set(result.cells.map((c) => c.periodDays))].sort((a, b) => a - b);
  const depths = [...new Set(result.cells.map((c) => c.depth))].sort((a, b) => a - b);
  const plotWidth = MAP.width - MAP.left - MAP.right;
  const plotHeight = MAP.height - MAP.top - MAP.bottom;
  const cellWidth = plotWidth / periods.length;
  const cellHeight = plotHeight / depths.length;
  const parts: string[] = [];
  for (const cell of result.cells) {
    const x = MAP.left + periods.indexOf(cell.periodDays) * cellWidth;
    const y = MAP.top + (depths.length - 1 - depths.indexOf(cell.depth)) * cellHeight;
    const fraction = cell.trials > 0 ? cell.recovered / cell.trials : 0;
    const label = cell.trials > 0 ? `${Math.round(fraction * 100)}%` : "–";
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${cellWidth.toFixed(1)}" height="${cellHeight.toFixed(1)}" fill="${cell.trials > 0 ? shade(fraction) : "#eee"}" stroke="white"><title>P ${cell.periodDays.toFixed(2)} d, depth ${pct(cell.depth, 2)}: ${cell.recovered} of ${cell.trials} recovered</title></rect>`,
      `<text x="${(x + cellWidth / 2).toFixed(1)}" y="${(y + cellHeight / 2 + 4).toFixed(1)}" text-anchor="middle" fill="${fraction > 0.55 ? "white" : "black"}">${label}</text>`,
    );
  }
  periods.forEach((p, k) => parts.push(`<text x="${(MAP.left + (k + 0.5) * cellWidth).toFixed(1)}" y="${MAP.height - MAP.bottom + 16}" text-anchor="middle">${p.toFixed(2)}</text>`));
  depths.forEach((d, k) => parts.push(`<text x="${MAP.left - 6}" y="${(MAP.top + (depths.length - 0.5 - k) * cellHeight + 4).toFixed(1)}" text-anchor="end">${pct(d, 2)}</text>`));
  parts.push(`<text x="${MAP.left + plotWidth / 2}" y="${MAP.height - 8}" text-anchor="middle">injected period (d)</text>`);
  parts.push(`<text transform="translate(14 ${MAP.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">injected depth (Rp/R*)²</text>`);
  const own = result.ownCandidate;
  if (own && periods.length > 1 && depths.length > 1) {
    // Grid points sit at cell centres, log-spaced: place the candidate on the same log scale.
    const at = (values: number[], v: number) => (Math.log(v / values[0]!) / Math.log(values.at(-1)! / values[0]!)) * (values.length - 1) + 0.5;
    const cx = MAP.left + Math.min(periods.length, Math.max(0, at(periods, own.periodDays))) * cellWidth;
    const cy = MAP.top + plotHeight - Math.min(depths.length, Math.max(0, at(depths, own.depth))) * cellHeight;
    parts.push(`<circle id="own-candidate" cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="7" fill="none" stroke="#d62728" stroke-width="3"><title>this star's candidate: P ${own.periodDays.toFixed(3)} d, depth ${pct(own.depth, 2)}</title></circle>`);
  }
  return `<svg id="completeness-map" xmlns="http://www.w3.org/2000/svg" width="${MAP.width}" height="${MAP.height}" ${SVG_STYLE}>${parts.join("")}</svg>`;
}

function transferPlot(result: CompletenessResult): string {
  const points = result.transfer.filter((t) => t.ratio !== null);
  if (points.length < 2) return "<p>No transfer function: too little data.</p>";
  const plotWidth = TRANSFER.width - TRANSFER.left - TRANSFER.right;
  const plotHeight = TRANSFER.height - TRANSFER.top - TRANSFER.bottom;
  const first = points[0]!.periodHours;
  const last = points.at(-1)!.periodHours;
  const yMax = Math.max(1.2, ...points.map((p) => p.max ?? 0));
  const x = (hours: number) => TRANSFER.left + (Math.log(hours / first) / Math.log(last / first)) * plotWidth;
  const y = (ratio: number) => TRANSFER.top + plotHeight * (1 - Math.max(0, ratio) / yMax);
  const parts = [`<rect x="${TRANSFER.left}" y="${TRANSFER.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#ccc"/>`];
  for (const level of [0, 0.5, 0.95, 1]) {
    parts.push(`<line x1="${TRANSFER.left}" x2="${TRANSFER.left + plotWidth}" y1="${y(level).toFixed(1)}" y2="${y(level).toFixed(1)}" stroke="${level === 0.95 ? "#2ca02c" : "#eee"}" stroke-dasharray="${level === 0.95 ? "4 3" : ""}"/>`);
    parts.push(`<text x="${TRANSFER.left - 6}" y="${(y(level) + 4).toFixed(1)}" text-anchor="end">${level}</text>`);
  }
  for (const p of points) {
    parts.push(`<line x1="${x(p.periodHours).toFixed(1)}" x2="${x(p.periodHours).toFixed(1)}" y1="${y(p.min!).toFixed(1)}" y2="${y(p.max!).toFixed(1)}" stroke="#1f77b4" opacity="0.5"/>`);
    parts.push(`<text x="${x(p.periodHours).toFixed(1)}" y="${TRANSFER.height - TRANSFER.bottom + 16}" text-anchor="middle">${p.periodHours}</text>`);
  }
  const line = points.map((p) => `${x(p.periodHours).toFixed(1)},${y(p.ratio!).toFixed(1)}`).join(" ");
  parts.push(`<polyline points="${line}" fill="none" stroke="#1f77b4" stroke-width="2"/>`);
  parts.push(...points.map((p) => `<circle cx="${x(p.periodHours).toFixed(1)}" cy="${y(p.ratio!).toFixed(1)}" r="3" fill="#1f77b4"><title>${p.periodHours} h: ${p.ratio!.toFixed(3)}</title></circle>`));
  parts.push(`<text x="${TRANSFER.left + plotWidth / 2}" y="${TRANSFER.height - 8}" text-anchor="middle">sinusoid period (h)</text>`);
  parts.push(`<text transform="translate(14 ${TRANSFER.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">recovered / injected</text>`);
  return `<svg id="transfer-function" xmlns="http://www.w3.org/2000/svg" width="${TRANSFER.width}" height="${TRANSFER.height}" ${SVG_STYLE}>${parts.join("")}</svg>`;
}

/** The section, or how to compute it when no result is stored; `analysis` is the one the page shows. */
export function completenessSection(result: CompletenessResult | undefined, analysis: { pic: string; mlcGeneration: string }): string {
  if (!result) return `<h2>Completeness</h2><p id="completeness">Not computed yet: <code>piaa completeness ${escapeHtml(analysis.pic)}</code> measures it.</p>`;
  const half = depthAtHalfCompleteness(result);
  const stale = result.mlcGeneration === analysis.mlcGeneration ? "" : ` <strong>Computed for an older master light curve (generation ${escapeHtml(result.mlcGeneration)}).</strong>`;
  const suppression = result.suppression.map((s) => `${s.durationHours} h: ${s.suppression === null ? "n/a" : pct(s.suppression, 1)}`).join(", ");
  return `<h2>Completeness</h2>
<p id="completeness">Transits injected into this star's own light curve at ${result.trials} random epochs over the grid, recovered when the search flags them at the injected period (within 1 %).
50 % completeness near P = 3 d: ${half ? `depth ${pct(half.depth, 2)}` : "not reached"}. Suppression of a transit's depth by the detrending (1 − recovered/injected): ${escapeHtml(suppression || "n/a")}.
Seed ${result.seed}, master light curve generation ${escapeHtml(result.mlcGeneration)}.${stale}${result.ownCandidate ? " The red circle marks this star's own candidate, whose transits were masked before injecting." : ""}</p>
${completenessMap(result)}
<h2>Transfer function</h2><p class="muted">Fraction of a sinusoid's amplitude that survives the normalisation and detrending, by period (mean over phases, bar: range); dashed: 0.95.</p>
${transferPlot(result)}`;
}
