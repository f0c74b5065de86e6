import { describe, expect, it } from "vitest";
import type { StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";
import { minutesUtc, numberHtml } from "../../../runtime/dashboard/dashboardPages.js";
import { starTablePage } from "../../../runtime/dashboard/starTablePage.js";
import { DEFAULT_QUERY, PAGE_SIZE, selectStarTablePage, type StarTableQuery } from "../../../runtime/dashboard/starTableQuery.js";
import { analysedIndexRow as row, picOf } from "./analysedIndexRow.js";

// The star table's details the router tests do not look at: each analysis cell in its column,
// dashes for a star without a search result, the pager's ends, the search form, summary and legend.

function render(rows: StarIndexRow[], query: Partial<StarTableQuery> = {}): string {
  return starTablePage(selectStarTablePage(rows, { ...DEFAULT_QUERY, ...query }), rows.length, [], "/");
}

function cellsOf(html: string, pic: string): string[] {
  const tr = new RegExp(`<tr data-pic="${pic.replace("+", "\\+")}"[^>]*>(.*?)</tr>`).exec(html)![1]!;
  return [...tr.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]!);
}

describe("the star table page, rendered in process", () => {
  it("shows each channel's CDPP in its own column, in R, G, B order, then period, depth in %, SNR and SDE", () => {
    const cells = cellsOf(render([row(picOf(1))]), picOf(1));
    expect(cells.slice(6, 13)).toEqual(["1111", "2222", "3333", "3.20000", "1.250", "9.5", "11.3"]);
  });

  it("shows dashes saying why for an analysed star without a transit search result", () => {
    const cells = cellsOf(render([row(picOf(1), { bls: null })]), picOf(1));
    expect(cells.slice(9, 13)).toEqual(Array(4).fill('<span class="muted" title="no transit search result: too little data">–</span>'));
  });

  it("links to the next and last pages only before the last page", () => {
    const rows = Array.from({ length: 2 * PAGE_SIZE + 1 }, (_, k) => row(picOf(k)));
    const first = render(rows);
    expect(first).toContain('<a href="./?page=2" rel="next">next</a>');
    expect(first).toContain('<a href="./?page=3">last</a>');
    expect(first).not.toContain(">previous<");
    const last = render(rows, { page: 3 });
    expect(last).not.toContain(">next<");
    expect(last).not.toContain(">last<");
    expect(last).toContain('<a href="./?page=2" rel="prev">previous</a>');
  });

  it("keeps the search, the candidates filter and the sort in the search form, and says what matched", () => {
    const rows = [row(picOf(1), { name: "HD 189733", candidate: true }), row(picOf(2), { name: "Vega" })];
    const html = render(rows, { q: "hd", candidates: true, sort: "sde", order: "desc" });
    expect(html).toMatch(/<form method="get" action=".\/" role="search">\n<input type="search" name="q" value="hd"/);
    expect(html).toContain('<input type="checkbox" name="candidates" value="1" checked>');
    expect(html).toContain('<input type="hidden" name="sort" value="sde"><input type="hidden" name="order" value="desc">');
    expect(html).toContain("1 of 2 stars (candidates only), matching “hd”. Click a column to sort.");
  });

  it("explains the candidate column and the dash in the legend", () => {
    const html = render([row(picOf(1))]);
    expect(html).toMatch(/<dt>Candidate<\/dt><dd>transit candidate: [^<]+<\/dd>/);
    expect(html).toContain("<dt>–</dt><dd>no value; hover over it for why</dd>");
  });
});

describe("the dashboard's shared cell formats", () => {
  it("numberHtml prints the value scaled and rounded, and a dash only when there is none", () => {
    expect(numberHtml(0.012345, 2, "why", 100)).toBe("1.23");
    expect(numberHtml(0, 1, "why")).toBe("0.0");
    expect(numberHtml(null, 1, "no data")).toBe('<span class="muted" title="no data">–</span>');
  });

  it("minutesUtc gives date and time to the minute, separated by a space", () => {
    expect(minutesUtc("2016-07-24T10:41:59.5Z")).toBe("2016-07-24 10:41");
  });
});
