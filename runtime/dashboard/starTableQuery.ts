/**
 * The star table's settings as they travel in the URL (`?q=hd&candidates=1&sort=sde&order=desc&page=2`)
 * and their application to the index rows: filter, sort, then one page. Sorted orders are kept
 * per snapshot, so paging through a large table sorts once.
 */
import type { StarIndexRow } from "../analysis/starIndexRow.js";
import { InvalidRequestError } from "../core/errors.js";

export const PAGE_SIZE = 50;

type SortValue = string | number | null;

/** Sort keys and how to read them from a row; null sorts last in either order. */
export const SORT_KEYS = {
  pic: (r) => r.pic,
  name: (r) => r.name,
  points: (r) => r.points,
  segments: (r) => r.segments,
  units: (r) => r.units.length,
  cdppR: (r) => r.cdppPpm?.R ?? null,
  cdppG: (r) => r.cdppPpm?.G ?? null,
  cdppB: (r) => r.cdppPpm?.B ?? null,
  period: (r) => r.bls?.periodDays ?? null,
  depth: (r) => r.bls?.depth ?? null,
  snr: (r) => r.bls?.snr ?? null,
  sde: (r) => r.bls?.sde ?? null,
  observed: (r) => r.observed?.last ?? null,
} satisfies Record<string, (row: StarIndexRow) => SortValue>;

export type SortKey = keyof typeof SORT_KEYS;

export interface StarTableQuery {
  q: string;
  candidates: boolean;
  sort: SortKey;
  order: "asc" | "desc";
  page: number;
}

export const DEFAULT_QUERY: StarTableQuery = { q: "", candidates: false, sort: "pic", order: "asc", page: 1 };

const single = (value: unknown): string | undefined => (typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined);

/** Parses the URL query; unknown values are a 400 naming the parameter. */
export function parseStarTableQuery(query: Record<string, unknown>): StarTableQuery {
  const sort = single(query.sort) ?? DEFAULT_QUERY.sort;
  if (!(sort in SORT_KEYS)) throw new InvalidRequestError("sort", `${JSON.stringify(sort)} is not one of ${Object.keys(SORT_KEYS).join(", ")}`);
  const order = single(query.order) ?? (sort === DEFAULT_QUERY.sort ? "asc" : "desc");
  if (order !== "asc" && order !== "desc") throw new InvalidRequestError("order", `${JSON.stringify(order)} is not asc or desc`);
  const pageText = single(query.page) ?? "1";
  const page = Number(pageText);
  if (!/^\d{1,7}$/.test(pageText) || page < 1) throw new InvalidRequestError("page", `${JSON.stringify(pageText)} is not a page number`);
  const q = (single(query.q) ?? "").trim().slice(0, 100);
  return { q, candidates: single(query.candidates) === "1", sort: sort as SortKey, order, page };
}

/** The query string of `query` with `changes`, leaving out defaults so links stay short. */
export function starTableHref(query: StarTableQuery, changes: Partial<StarTableQuery> = {}): string {
  const next = { ...query, ...changes };
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  if (next.candidates) params.set("candidates", "1");
  if (next.sort !== DEFAULT_QUERY.sort || next.order !== "asc") params.set("sort", next.sort);
  if (next.order !== (next.sort === DEFAULT_QUERY.sort ? "asc" : "desc")) params.set("order", next.order);
  if (next.page !== 1) params.set("page", String(next.page));
  const text = params.toString();
  return text ? `./?${text}` : "./";
}

/** Letters and digits only, lower case: "hd189733" finds "HD 189733", "j2000" a PIC. */
const searchable = (text: string): string => text.toLowerCase().replace(/[^a-z0-9+-]/g, "");

function compare(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

export interface StarTablePage {
  rows: StarIndexRow[];
  /** Rows that pass the filter. */
  matching: number;
  pages: number;
  query: StarTableQuery;
}

/**
 * Sorted and filtered copies of the rows by settings, kept as long as the rows array (one index
 * snapshot) is the same, so paging through a table costs one page of work per request.
 */
const sortedCache = new WeakMap<StarIndexRow[], Map<string, StarIndexRow[]>>();
const MAX_CACHED_SELECTIONS = 64;

function sortedRows(rows: StarIndexRow[], sort: SortKey, order: "asc" | "desc"): StarIndexRow[] {
  let bySort = sortedCache.get(rows);
  if (!bySort) sortedCache.set(rows, (bySort = new Map()));
  const key = `${sort} ${order}`;
  let sorted = bySort.get(key);
  if (!sorted) {
    const value = SORT_KEYS[sort];
    const sign = order === "asc" ? 1 : -1;
    // Nulls last in both orders; ties in PIC order, so pages never overlap.
    sorted = [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null || y === null) return compare(x, y) || compare(a.pic, b.pic);
      return sign * compare(x, y) || compare(a.pic, b.pic);
    });
    bySort.set(key, sorted);
  }
  return sorted;
}

function matchingRows(rows: StarIndexRow[], query: StarTableQuery): StarIndexRow[] {
  const needle = searchable(query.q);
  const sorted = sortedRows(rows, query.sort, query.order);
  if (!query.candidates && needle === "") return sorted;
  const selections = sortedCache.get(rows)!;
  const key = `${query.sort} ${query.order} ${query.candidates} ${needle}`;
  let matches = selections.get(key);
  if (!matches) {
    matches = sorted.filter(
      (row) => (!query.candidates || row.candidate) && (needle === "" || searchable(row.pic).includes(needle) || searchable(row.name ?? "").includes(needle)),
    );
    if (selections.size >= MAX_CACHED_SELECTIONS) selections.delete(selections.keys().next().value!);
    selections.set(key, matches);
  }
  return matches;
}

export function selectStarTablePage(rows: StarIndexRow[], query: StarTableQuery): StarTablePage {
  const matches = matchingRows(rows, query);
  const pages = Math.max(1, Math.ceil(matches.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return { rows: matches.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), matching: matches.length, pages, query: { ...query, page } };
}
