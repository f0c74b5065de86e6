/**
 * One star's page, from its index row and its stored analysis document and plots only: figures,
 * the two plots (PNG, with the SVG linked) and the segments merged. A star whose analysis is
 * pending or failed shows that instead. `back` is the star table's address with its settings.
 */
import type { AnalysisDocument } from "../analysis/analysisDocument.js";
import type { StarIndexRow } from "../analysis/starIndexRow.js";
import { CANDIDATE_CRITERION } from "../analysis/transitCandidate.js";
import { aliasTexts, falseAlarmText } from "../analysis/candidateText.js";
import { escapeHtml, minutesUtc, numberHtml, page } from "./dashboardPages.js";

const NO_CDPP = "too few points in 1-hour windows to estimate it";

function heading(pic: string, name: string | null, back: string): string {
  return `<p><a href="${escapeHtml(back)}" id="back">All stars</a></p><h1>${escapeHtml(pic)}${name ? ` <span class="muted">${escapeHtml(name)}</span>` : ""}</h1>`;
}

/** A star without an analysis to show: pending, or one that cannot be analysed. */
export function starStatusPage(row: StarIndexRow, back: string, base: string): string {
  const body =
    row.status === "error"
      ? `<p class="error" id="status">Cannot be analysed: ${escapeHtml(row.error ?? "")}</p>`
      : `<p id="status"><em>Analysis pending.</em> ${row.points} points in ${row.segments} segments so far; this page shows the analysis once the analyzer has stored it.</p>`;
  return page(`PIAA: ${row.pic}`, base, `${heading(row.pic, row.name, back)}${body}`);
}

/** A star whose stored analysis document cannot be read: the error, on this star's page only. */
export function unreadableAnalysisPage(pic: string, name: string | null, message: string, back: string, base: string): string {
  return page(`PIAA: ${pic}`, base, `${heading(pic, name, back)}<p class="error" id="status">The stored analysis cannot be read: ${escapeHtml(message)}</p>`);
}

/** `completeness` is the injection-and-recovery section (completenessSection.ts). */
export function starPage(document: AnalysisDocument, back: string, base: string, completeness = ""): string {
  const pic = encodeURIComponent(document.pic);
  const generation = encodeURIComponent(document.mlcGeneration);
  const { bls, cdppPpm, observed } = document;
  const summary = bls
    ? `Strongest transit signal (Box Least Squares): period ${bls.periodDays.toFixed(5)} d, mid-transit BJD<sub>TDB</sub> ${bls.epochBjd.toFixed(5)}, duration ${bls.durationHours.toFixed(2)} h, depth ${(bls.depth * 100).toFixed(3)} %, SNR ${bls.snr.toFixed(1)}, SDE ${bls.sde.toFixed(1)}, ${escapeHtml(falseAlarmText(bls))}: ${document.candidate ? "<strong>a transit candidate</strong>" : "not a candidate"} (${escapeHtml(CANDIDATE_CRITERION)}).` +
      aliasTexts(bls).map((text) => ` <strong>Note:</strong> ${escapeHtml(text)}.`).join("")
    : "No transit search result: too little data.";
  const plot = (kind: string, alt: string) =>
    `<img src="stars/${pic}/${generation}/${kind}.png" alt="${escapeHtml(alt)}" width="900"><a href="stars/${pic}/${generation}/${kind}.svg">SVG</a>`;
  const segmentRows = document.segmentList.map(
    (s) => `<tr><td class="text">${escapeHtml(s.object)}</td><td class="text">${escapeHtml(s.unit)}</td><td class="text">${escapeHtml(s.camera)}</td><td class="text">${escapeHtml(minutesUtc(s.start))}</td><td>${s.points}</td><td class="text">${escapeHtml(s.generation)}</td></tr>`,
  );
  const span = observed ? `observed ${escapeHtml(minutesUtc(observed.first))} – ${escapeHtml(minutesUtc(observed.last))} UTC` : "no points";
  return page(`PIAA: ${document.pic}`, base, `${heading(document.pic, document.name, back)}
<p id="figures">${document.points} points in ${document.segments} segments from ${escapeHtml(document.units.join(", "))}; ${span}.
CDPP (noise over 1 h): R ${numberHtml(cdppPpm.R, 0, NO_CDPP)}, G ${numberHtml(cdppPpm.G, 0, NO_CDPP)}, B ${numberHtml(cdppPpm.B, 0, NO_CDPP)} ppm.</p>
<p id="search">${summary}</p>
<p class="muted">Analysed ${escapeHtml(minutesUtc(document.analysedAt))} UTC from master light curve generation ${escapeHtml(document.mlcGeneration)}.</p>
<p>Download the light curve (BJD<sub>TDB</sub> times, units, metadata): <a href="stars/${pic}/export.ecsv" download>ECSV</a> (astropy TimeSeries), <a href="stars/${pic}/export.fits" download>FITS</a>.</p>
<h2>Light curve</h2>${plot("lightcurve", `R, G and B flux of ${document.pic} against time`)}
<h2>Folded at the best period</h2>${plot("folded", `Flux of ${document.pic} folded at the best period, with the transit model`)}
${completeness}
<h2>Segments</h2>
<table id="segments"><thead><tr><th class="text">Object</th><th class="text">Unit</th><th class="text">Camera</th><th class="text">Start (UTC)</th><th>Points</th><th class="text"><abbr title="Cloud Storage generation of the LC object merged: its version number, which changes whenever the object is uploaded again">Object version</abbr></th></tr></thead>
<tbody>${segmentRows.join("\n")}</tbody></table>`);
}
