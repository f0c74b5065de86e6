import { describe, expect, it } from "vitest";
import type { StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";
import { starTablePage } from "../../../runtime/dashboard/starTablePage.js";
import { DEFAULT_QUERY, PAGE_SIZE, selectStarTablePage, type SortKey, type StarTableQuery } from "../../../runtime/dashboard/starTableQuery.js";
import { analysedIndexRow as row, picOf } from "./analysedIndexRow.js";

// The star table at its edges: an empty index, a single star, the pager's first page and its
// links back, the legend's markup, and sorting on a column pending stars have no value for.
function render(rows: StarIndexRow[], query: Partial<StarTableQuery> = {}): string {
  return starTablePage(selectStarTablePage(rows, { ...DEFAULT_QUERY, ...query }), rows.length, [], "/");
}

describe("the star table at its edges", () => {
  it("says how stars get into an empty index, and draws no table", () => {
    const html = render([]);
    expect(html).toContain("No stars in the index yet");
    expect(html).toContain("<code>piaa analyze --all</code>");
    expect(html).not.toContain('<table id="stars">');
  });

  it("counts a single star in the singular", () => {
    expect(render([row(picOf(1))])).toContain('<p class="muted" id="summary">1 of 1 star. Click a column to sort.</p>');
    expect(render([row(picOf(1)), row(picOf(2))])).toContain('<p class="muted" id="summary">2 of 2 stars. Click a column to sort.</p>');
  });

  it("links back to the first and previous pages only after the first page", () => {
    const rows = Array.from({ length: 2 * PAGE_SIZE + 1 }, (_, k) => row(picOf(k)));
    const first = render(rows);
    expect(first).not.toMatch(/>first<|>previous</);
    const last = render(rows, { page: 3, sort: "sde", order: "desc" });
    expect(last).toContain('<a href="./?sort=sde">first</a>');
    expect(last).toContain('<a href="./?sort=sde&amp;page=2" rel="prev">previous</a>');
  });

  it("holds only terms and their explanations in the legend", () => {
    const legend = /<dl class="legend">(.*?)<\/dl>/.exec(render([row(picOf(1))]))![1]!;
    expect(legend.replace(/<dt>[^<]*<\/dt><dd>[^<]*<\/dd>/g, "")).toBe("");
    expect(legend).toContain("<dt>–</dt><dd>no value; hover over it for why</dd>");
  });
});

describe("sorting on a value pending stars do not have", () => {
  const pending = (n: number): StarIndexRow => row(picOf(n), { status: "pending", cdppPpm: null, bls: null, observed: null });
  const rows = [pending(1), row(picOf(2), { cdppPpm: { R: 500, G: 600, B: 700 } }), pending(3), row(picOf(4), { cdppPpm: { R: 300, G: 900, B: 100 } })];

  it.each<[SortKey, "asc" | "desc", number[]]>([
    ["cdppR", "asc", [4, 2, 1, 3]],
    ["cdppG", "desc", [4, 2, 1, 3]],
    ["cdppB", "asc", [4, 2, 1, 3]],
    ["observed", "desc", [2, 4, 1, 3]],
  ])("orders by %s %s with the pending stars last, in PIC order", (sort, order, expected) => {
    expect(selectStarTablePage(rows, { ...DEFAULT_QUERY, sort, order }).rows.map((r) => r.pic)).toEqual(expected.map(picOf));
  });
});
