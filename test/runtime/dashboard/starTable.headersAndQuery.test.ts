/**
 * The star table's remaining promises: the sorted column says so to assistive technology
 * (WAI-ARIA `aria-sort`, https://www.w3.org/TR/wai-aria-1.2/#aria-sort) and only that column, the
 * observed range is two dates, the legend explains every column, and the search text is trimmed
 * and bounded before it filters anything.
 */
import { describe, expect, it } from "vitest";
import { starTablePage } from "../../../runtime/dashboard/starTablePage.js";
import { DEFAULT_QUERY, parseStarTableQuery, selectStarTablePage, type StarTableQuery } from "../../../runtime/dashboard/starTableQuery.js";
import { analysedIndexRow as row, picOf } from "./analysedIndexRow.js";

function render(query: Partial<StarTableQuery> = {}): string {
  const rows = [row(picOf(1)), row(picOf(2))];
  return starTablePage(selectStarTablePage(rows, { ...DEFAULT_QUERY, ...query }), rows.length, [], "/");
}

const headers = (html: string): string[] => [...html.matchAll(/<th [^>]*>/g)].map((m) => m[0]);

describe("the star table's headers, cells and legend", () => {
  it("marks the sorted column, and only it, with aria-sort in the order shown", () => {
    for (const order of ["asc", "desc"] as const) {
      const marked = headers(render({ sort: "points", order })).filter((th) => th.includes("aria-sort"));
      expect(marked).toEqual([`<th class="number" aria-sort="${order === "asc" ? "ascending" : "descending"}" data-sort="points">`]);
    }
  });

  it("shows the observed range as first and last date, without the time", () => {
    expect(render()).toContain('<td class="text">2016-07-24 – 2016-07-26</td>');
  });

  it("explains every column in the legend, as its header's tooltip does", () => {
    const html = render();
    const legend = /<dl[^>]*>(.*?)<\/dl>/s.exec(html)![1]!;
    const titles = [...html.matchAll(/<th [^>]*><a [^>]*><abbr title="([^"]*)">([^<]*)<\/abbr>/g)].map((m) => [m[2], m[1]]);
    expect(titles.length).toBeGreaterThanOrEqual(10);
    for (const [title, help] of titles) expect(legend).toContain(`<dt>${title}</dt><dd>${help}</dd>`);
  });
});

describe("the search text", () => {
  it("is trimmed and cut to 100 characters", () => {
    expect(parseStarTableQuery({ q: "  HD 189733\t" }).q).toBe("HD 189733");
    expect(parseStarTableQuery({ q: ` ${"x".repeat(150)}` }).q).toBe("x".repeat(100));
    expect(parseStarTableQuery({ q: ["  vega ", "ignored"] }).q).toBe("vega");
  });
});
