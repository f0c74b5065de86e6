import { describe, expect, it } from "vitest";
import type { StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";
import { starTablePage } from "../../../runtime/dashboard/starTablePage.js";
import { DEFAULT_QUERY, selectStarTablePage, type StarTableQuery } from "../../../runtime/dashboard/starTableQuery.js";
import { analysedIndexRow, picOf } from "./analysedIndexRow.js";

// The star table's rows are cells only, one under each column (the candidate cell empty for a
// star that is not one), "1 unit" in the singular; equal sort values are ordered by PIC id in both
// orders, so a page never shows a star twice or skips one.

const row = (pic: string, overrides: Partial<StarIndexRow> = {}): StarIndexRow => analysedIndexRow(pic, { units: ["PAN001", "PAN002"], ...overrides });

const render = (rows: StarIndexRow[], query: Partial<StarTableQuery> = {}): string =>
  starTablePage(selectStarTablePage(rows, { ...DEFAULT_QUERY, ...query }), rows.length, [], "/");
const rowPics = (html: string): string[] => [...html.matchAll(/<tr data-pic="([^"]+)"/g)].map((m) => m[1]!);

describe("the star table's rows", () => {
  it("are cells only, one under each column header, the candidate cell empty for a non-candidate", () => {
    const html = render([row(picOf(1)), row(picOf(2), { candidate: true })]);
    const columns = [.../<thead>(.*?)<\/thead>/.exec(html)![1]!.matchAll(/<th\b/g)].length;
    for (const tr of html.matchAll(/<tr data-pic="([^"]+)"[^>]*>(.*?)<\/tr>/g)) {
      expect(tr[2]!.replace(/<td\b[^>]*>.*?<\/td>/g, ""), tr[1]).toBe("");
      expect([...tr[2]!.matchAll(/<td\b/g)]).toHaveLength(columns);
    }
    const lastCell = (pic: string) => new RegExp(`<tr data-pic="${pic.replace("+", "\\+")}"[^>]*>.*<td class="text">(.*?)</td></tr>`).exec(html)![1];
    expect(lastCell(picOf(1))).toBe("");
    expect(lastCell(picOf(2))).toMatch(/>candidate<\/strong>$/);
  });

  it("count one unit in the singular and more in the plural", () => {
    const html = render([row(picOf(1), { units: ["PAN001"] }), row(picOf(2))]);
    expect(html).toMatch(/title="PAN001">1 unit<\/td>/);
    expect(html).toMatch(/title="PAN001, PAN002">2 units<\/td>/);
  });
});

describe("the star table's order", () => {
  // Two SDE values, each held by several stars listed out of PIC order.
  const rows = [5, 2, 7, 1, 4, 3, 6].map((n) => row(picOf(n), { bls: { periodDays: 3.2, depth: 0.0125, snr: 9.5, sde: n % 2 === 0 ? 8 : 12 } }));

  it("sorts by the value in the asked order and breaks ties by PIC id", () => {
    expect(rowPics(render(rows, { sort: "sde", order: "desc" }))).toEqual([1, 3, 5, 7, 2, 4, 6].map(picOf));
    expect(rowPics(render(rows, { sort: "sde", order: "asc" }))).toEqual([2, 4, 6, 1, 3, 5, 7].map(picOf));
    expect(rowPics(render(rows, { sort: "points", order: "desc" }))).toEqual([1, 2, 3, 4, 5, 6, 7].map(picOf));
  });
});
