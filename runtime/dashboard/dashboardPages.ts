/**
 * The dashboard's HTML: plain server-rendered pages, one small inline script (table sorting) and
 * one inline style sheet, both allowed by hash in the Content-Security-Policy; nothing is loaded
 * from anywhere else.
 */
import { createHash } from "node:crypto";
import type { AnalysisDocument } from "../analysis/analysisDocument.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";

const STYLE = `body{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:14px}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}
th{cursor:pointer;background:#f4f4f4;user-select:none}th.text,td.text{text-align:left}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
img{display:block;max-width:100%;margin:1em 0;border:1px solid #ddd}.muted{color:#777}`;

// Click a header to sort by it; click again to reverse. Cells carry their sort key in data-v.
const SCRIPT = `for (const table of document.querySelectorAll("table.sortable")) {
  table.querySelectorAll("th").forEach((th, column) => th.addEventListener("click", () => {
    const ascending = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach((other) => other.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const body = table.tBodies[0];
    const key = (row) => row.cells[column].dataset.v;
    const numeric = th.dataset.type === "number";
    const rows = [...body.rows].sort((a, b) => {
      const x = key(a), y = key(b);
      const order = numeric ? (x === "" ? Infinity : Number(x)) - (y === "" ? Infinity : Number(y)) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    body.append(...rows);
  }));
}`;

const hash = (text: string): string => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** Allows exactly the inline style and script above, and images from this site. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; img-src 'self'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; base-uri 'self'; form-action 'none'`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}<script>${SCRIPT}</script></body></html>\n`;
}

interface Column {
  title: string;
  type: "text" | "number";
  /** Sort key and the HTML shown (already escaped). */
  cell(doc: AnalysisDocument): { sortKey: string | number | null; html: string };
}

const number = (value: number | null | undefined, digits: number, scale = 1) =>
  value === null || value === undefined ? { sortKey: null, html: `<span class="muted">–</span>` } : { sortKey: value, html: (value * scale).toFixed(digits) };

const COLUMNS: Column[] = [
  { title: "Star", type: "text", cell: (d) => ({ sortKey: d.pic, html: `<a href="stars/${encodeURIComponent(d.pic)}">${escapeHtml(d.pic)}</a>` }) },
  { title: "Points", type: "number", cell: (d) => number(d.points, 0) },
  { title: "Segments", type: "number", cell: (d) => number(d.segments, 0) },
  { title: "Units", type: "number", cell: (d) => ({ sortKey: d.units.length, html: `<span title="${escapeHtml(d.units.join(", "))}">${d.units.length}</span>` }) },
  { title: "CDPP R (ppm)", type: "number", cell: (d) => number(d.cdppPpm.R, 0) },
  { title: "CDPP G (ppm)", type: "number", cell: (d) => number(d.cdppPpm.G, 0) },
  { title: "CDPP B (ppm)", type: "number", cell: (d) => number(d.cdppPpm.B, 0) },
  { title: "Best period (d)", type: "number", cell: (d) => number(d.bls?.periodDays, 5) },
  { title: "Depth (%)", type: "number", cell: (d) => number(d.bls?.depth, 3, 100) },
  { title: "SDE", type: "number", cell: (d) => number(d.bls?.sde, 1) },
  { title: "Last update (UTC)", type: "text", cell: (d) => ({ sortKey: d.mlcUpdated, html: escapeHtml(d.mlcUpdated.replace("T", " ").replace(/\.\d+Z?$/, "")) }) },
];

function row(cells: { sortKey: string | number | null; html: string }[], classes: string[]): string {
  return `<tr>${cells.map((c, i) => `<td class="${classes[i]}" data-v="${escapeHtml(String(c.sortKey ?? ""))}">${c.html}</td>`).join("")}</tr>`;
}

function sortableTable(id: string, columns: Pick<Column, "title" | "type">[], rows: string[]): string {
  const head = columns.map((c) => `<th data-type="${c.type}" class="${c.type}">${escapeHtml(c.title)}</th>`).join("");
  return `<table class="sortable" id="${id}"><thead><tr>${head}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

/** The list of stars; `base` is where the dashboard is mounted, ending in "/". */
export function starTablePage(documents: AnalysisDocument[], base: string): string {
  const classes = COLUMNS.map((c) => c.type);
  const rows = documents.map((d) => row(COLUMNS.map((c) => c.cell(d)), classes));
  const body = documents.length === 0 ? `<p>No master light curves yet.</p>` : sortableTable("stars", COLUMNS, rows);
  return page("PIAA: stars", `<base href="${escapeHtml(base)}"><h1>PANOPTES stars</h1>
<p class="muted">${documents.length} star${documents.length === 1 ? "" : "s"}; CDPP over 1 h; best period from a Box Least Squares search. Click a column to sort.</p>
${body}`);
}

/** One star: its figures, its plots and its segments. */
export function starPage(mlc: MasterLightCurve, document: AnalysisDocument, base: string): string {
  const pic = encodeURIComponent(mlc.pic);
  const bls = document.bls;
  const summary = bls
    ? `Best transit candidate: P = ${bls.periodDays.toFixed(5)} d, epoch BJD<sub>TDB</sub> ${bls.epochBjd.toFixed(5)}, duration ${bls.durationHours.toFixed(2)} h, depth ${(bls.depth * 100).toFixed(3)} %, SNR ${bls.snr.toFixed(1)}, SDE ${bls.sde.toFixed(1)}.`
    : "No transit candidate: too little data for a search.";
  const plot = (kind: string, alt: string) =>
    `<img src="stars/${pic}/${kind}.png" alt="${escapeHtml(alt)}" width="900"><a href="stars/${pic}/${kind}.svg">SVG</a>`;
  const segmentColumns = [
    { title: "Object", type: "text" as const },
    { title: "Unit", type: "text" as const },
    { title: "Camera", type: "text" as const },
    { title: "Start (UTC)", type: "text" as const },
    { title: "Points", type: "number" as const },
    { title: "Generation", type: "text" as const },
  ];
  const segmentRows = mlc.segments.map((s) =>
    row(
      [s.object, s.unit, s.camera, s.start, s.points, s.generation].map((v) => ({ sortKey: v, html: escapeHtml(String(v)) })),
      segmentColumns.map((c) => c.type),
    ),
  );
  return page(`PIAA: ${mlc.pic}`, `<base href="${escapeHtml(base)}"><p><a href="./">All stars</a></p><h1>${escapeHtml(mlc.pic)}</h1>
<p>${document.points} points in ${document.segments} segments from ${escapeHtml(document.units.join(", "))}; last update ${escapeHtml(mlc.updated)}.
CDPP (1 h): R ${number(document.cdppPpm.R, 0).html}, G ${number(document.cdppPpm.G, 0).html}, B ${number(document.cdppPpm.B, 0).html} ppm.</p>
<p>${summary}</p>
<p>Download the light curve (BJD<sub>TDB</sub> times, units, metadata): <a href="stars/${pic}/export.ecsv" download>ECSV</a> (astropy TimeSeries), <a href="stars/${pic}/export.fits" download>FITS</a>.</p>
<h2>Light curve</h2>${plot("lightcurve", `R, G and B flux of ${mlc.pic} against time`)}
<h2>Folded at the best period</h2>${plot("folded", `Flux of ${mlc.pic} folded at the best period, with the transit model`)}
<h2>Segments</h2>${sortableTable("segments", segmentColumns, segmentRows)}`);
}

/** An error page with the status and the error's message. */
export function errorPage(status: number, message: string, base: string): string {
  return page(`PIAA: error ${status}`, `<base href="${escapeHtml(base)}"><p><a href="./">All stars</a></p><h1>Error ${status}</h1><p>${escapeHtml(message)}</p>`);
}
