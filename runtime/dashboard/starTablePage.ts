/**
 * The star table (the dashboard's front page): one page of the star index, sorted and filtered on
 * the server; every link (column headers, pages, the star pages' way back) keeps the settings.
 * Headers explain themselves (a tooltip, and the legend under the table).
 */
import type { StarIndexRow } from "../analysis/starIndexRow.js";
import { CANDIDATE_CRITERION } from "../analysis/transitCandidate.js";
import { escapeHtml, minutesUtc, numberHtml, page } from "./dashboardPages.js";
import { starTableHref, type SortKey, type StarTablePage } from "./starTableQuery.js";

interface Column {
  title: string;
  /** What the column means, shown as the header's tooltip and in the legend. */
  help: string;
  sort: SortKey;
  text?: boolean;
}

const NO_CDPP = "too few points in 1-hour windows to estimate it";
const NO_SEARCH = "no transit search result: too little data";

const IDENTITY: Column[] = [
  { title: "Star", help: "PANOPTES Input Catalog id (PIC): J2000 position", sort: "pic", text: true },
  { title: "Name", help: "catalog name, where the catalog knows the star", sort: "name", text: true },
  { title: "Points", help: "exposures in the master light curve", sort: "points" },
  { title: "Segments", help: "light-curve segments merged (one per camera per observing block)", sort: "segments" },
  { title: "Observed by", help: "number of PANOPTES units (telescopes) that observed the star; hover for their names", sort: "units" },
  { title: "Observed (UTC)", help: "first and last exposure", sort: "observed", text: true },
];
const ANALYSIS: Column[] = [
  { title: "CDPP R (ppm)", help: "combined differential photometric precision over 1 hour in the red channel, parts per million: the noise a 1-hour transit must beat", sort: "cdppR" },
  { title: "CDPP G (ppm)", help: "as CDPP R, green channel", sort: "cdppG" },
  { title: "CDPP B (ppm)", help: "as CDPP R, blue channel", sort: "cdppB" },
  { title: "Period (d)", help: "period of the strongest Box Least Squares (BLS) transit signal, days", sort: "period" },
  { title: "Depth (%)", help: "depth of that signal, percent of the star's flux", sort: "depth" },
  { title: "SNR", help: "signal-to-noise ratio of that depth", sort: "snr" },
  { title: "SDE", help: "signal detection efficiency: height of the BLS peak above the periodogram's noise, in standard deviations", sort: "sde" },
];
const CANDIDATE_HELP = `transit candidate: ${CANDIDATE_CRITERION}`;

function header(column: Column, result: StarTablePage): string {
  const { query } = result;
  const active = query.sort === column.sort;
  const order = active && query.order === "desc" ? "asc" : active ? "desc" : column.text ? "asc" : "desc";
  const href = starTableHref(query, { sort: column.sort, order, page: 1 });
  const sorted = active ? ` aria-sort="${query.order === "asc" ? "ascending" : "descending"}"` : "";
  return `<th class="${column.text ? "text" : "number"}"${sorted} data-sort="${column.sort}"><a href="${escapeHtml(href)}"><abbr title="${escapeHtml(column.help)}">${escapeHtml(column.title)}</abbr></a></th>`;
}

function identityCells(row: StarIndexRow, back: string): string[] {
  const units = `${row.units.length} unit${row.units.length === 1 ? "" : "s"}`;
  const observed = row.observed ? `${minutesUtc(row.observed.first).slice(0, 10)} – ${minutesUtc(row.observed.last).slice(0, 10)}` : "";
  return [
    `<td class="text"><a href="stars/${encodeURIComponent(row.pic)}?back=${encodeURIComponent(back)}">${escapeHtml(row.pic)}</a></td>`,
    `<td class="text">${escapeHtml(row.name ?? "")}</td>`,
    `<td>${row.points}</td>`,
    `<td>${row.segments}</td>`,
    `<td title="${escapeHtml(row.units.join(", "))}">${units}</td>`,
    `<td class="text">${observed}</td>`,
  ];
}

function analysisCells(row: StarIndexRow): string[] {
  const span = ANALYSIS.length + 1;
  if (row.status === "pending") return [`<td class="pending" colspan="${span}">analysis pending</td>`];
  if (row.status === "error") return [`<td class="error" colspan="${span}">cannot be analysed: ${escapeHtml(row.error ?? "")}</td>`];
  const { cdppPpm, bls } = row;
  return [
    `<td>${numberHtml(cdppPpm?.R, 0, NO_CDPP)}</td>`,
    `<td>${numberHtml(cdppPpm?.G, 0, NO_CDPP)}</td>`,
    `<td>${numberHtml(cdppPpm?.B, 0, NO_CDPP)}</td>`,
    `<td>${numberHtml(bls?.periodDays, 5, NO_SEARCH)}</td>`,
    `<td>${numberHtml(bls?.depth, 3, NO_SEARCH, 100)}</td>`,
    `<td>${numberHtml(bls?.snr, 1, NO_SEARCH)}</td>`,
    `<td>${numberHtml(bls?.sde, 1, NO_SEARCH)}</td>`,
    `<td class="text">${row.candidate ? `<strong title="${escapeHtml(CANDIDATE_HELP)}">candidate</strong>` : ""}</td>`,
  ];
}

function pager(result: StarTablePage): string {
  const { query, pages } = result;
  const rel: Record<string, string> = { next: ' rel="next"', previous: ' rel="prev"' };
  const link = (n: number, label: string) => `<a href="${escapeHtml(starTableHref(query, { page: n }))}"${rel[label] ?? ""}>${label}</a>`;
  const parts = [
    query.page > 1 ? link(1, "first") : "",
    query.page > 1 ? link(query.page - 1, "previous") : "",
    `<span class="page-number">page ${query.page} of ${pages}</span>`,
    query.page < pages ? link(query.page + 1, "next") : "",
    query.page < pages ? link(pages, "last") : "",
  ];
  return `<nav class="pager">${parts.filter(Boolean).join("")}</nav>`;
}

function searchForm(result: StarTablePage): string {
  const { query } = result;
  return `<form method="get" action="./" role="search">
<input type="search" name="q" value="${escapeHtml(query.q)}" placeholder="name or PIC" aria-label="name or PIC">
<label><input type="checkbox" name="candidates" value="1"${query.candidates ? " checked" : ""}> candidates only</label>
<input type="hidden" name="sort" value="${query.sort}"><input type="hidden" name="order" value="${query.order}">
<button type="submit">Show</button></form>`;
}

function legend(): string {
  const items = [...IDENTITY, ...ANALYSIS].map((c) => `<dt>${escapeHtml(c.title)}</dt><dd>${escapeHtml(c.help)}</dd>`);
  items.push(`<dt>Candidate</dt><dd>${escapeHtml(CANDIDATE_HELP)}</dd>`);
  items.push(`<dt>–</dt><dd>no value; hover over it for why</dd>`);
  return `<dl class="legend">${items.join("")}</dl>`;
}

/** `total` is every star in the index; `faults` shards that could not be read. */
export function starTablePage(result: StarTablePage, total: number, faults: string[], base: string): string {
  const back = starTableHref(result.query);
  const head = `<tr>${[...IDENTITY, ...ANALYSIS].map((c) => header(c, result)).join("")}<th class="text"><abbr title="${escapeHtml(CANDIDATE_HELP)}">Candidate</abbr></th></tr>`;
  const rows = result.rows.map((row) => `<tr data-pic="${escapeHtml(row.pic)}" data-status="${row.status}">${[...identityCells(row, back), ...analysisCells(row)].join("")}</tr>`);
  const faultNotes = faults.map((f) => `<p class="error">Part of the star index could not be read (its stars are missing here; \`piaa reindex\` rebuilds it): ${escapeHtml(f)}</p>`);
  const table = total === 0 ? `<p>No stars in the index yet: the analyzer adds each star once its master light curve exists. No analyzer running on this bucket (MLCs made by <code>piaa combine</code>, or copied in)? <code>piaa analyze --all</code> analyses and indexes every star.</p>` : `<table id="stars"><thead>${head}</thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
  return page("PIAA: stars", base, `<h1>PANOPTES stars</h1>
${searchForm(result)}
<p class="muted" id="summary">${result.matching} of ${total} star${total === 1 ? "" : "s"}${result.query.candidates ? " (candidates only)" : ""}${result.query.q ? `, matching “${escapeHtml(result.query.q)}”` : ""}. Click a column to sort.</p>
${faultNotes.join("\n")}${pager(result)}${table}${pager(result)}${legend()}`);
}
