/**
 * What every dashboard page shares: the layout, one inline style sheet (allowed by its hash in
 * the Content-Security-Policy; no script at all, as sorting and paging happen on the server),
 * escaping, number cells and the error page.
 */
import { createHash } from "node:crypto";

const STYLE = `body{font-family:"DejaVu Sans",Arial,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;font-size:14px}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}
th{background:#f4f4f4}th.text,td.text{text-align:left}th a{color:inherit;text-decoration:none}th abbr{text-decoration:none;cursor:help}
th[aria-sort=ascending] a::after{content:" \\25B2"}th[aria-sort=descending] a::after{content:" \\25BC"}
td.pending{color:#777;text-align:left;font-style:italic}td.error,p.error{color:#a00;text-align:left}
img{display:block;max-width:100%;margin:1em 0;border:1px solid #ddd}.muted{color:#777}nav a,nav span{margin-right:1em}
dl{font-size:13px;color:#444}dt{font-weight:bold;float:left;clear:left;width:9em}dd{margin-left:10em}`;

const hash = (text: string): string => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

/** Allows exactly the inline style above, images from this site and the search form. */
export const CONTENT_SECURITY_POLICY = `default-src 'none'; img-src 'self'; style-src ${hash(STYLE)}; base-uri 'self'; form-action 'self'`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A whole page; `base` is where the dashboard is mounted, ending in "/". */
export function page(title: string, base: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><base href="${escapeHtml(base)}"><style>${STYLE}</style></head>
<body>${body}</body></html>\n`;
}

/** A number with `digits` decimals (× `scale`), or a dash whose tooltip says why there is none. */
export function numberHtml(value: number | null | undefined, digits: number, whyMissing: string, scale = 1): string {
  return value === null || value === undefined ? `<span class="muted" title="${escapeHtml(whyMissing)}">–</span>` : (value * scale).toFixed(digits);
}

/** "2016-07-24 10:41" from an ISO time (UTC). */
export const minutesUtc = (iso: string): string => iso.replace("T", " ").slice(0, 16);

/** An error page with the status and the error's message. */
export function errorPage(status: number, message: string, base: string): string {
  return page(`PIAA: error ${status}`, base, `<p><a href="./">All stars</a></p><h1>Error ${status}</h1><p>${escapeHtml(message)}</p>`);
}
