/** A star-index row of an analysed star for the star-table tests; `overrides` set what a test is about. */
import type { StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";

export function analysedIndexRow(pic: string, overrides: Partial<StarIndexRow> = {}): StarIndexRow {
  return {
    pic,
    name: null,
    status: "analysed",
    mlcGeneration: "1",
    mlcUpdated: "2016-07-25T00:00:00Z",
    points: 120,
    segments: 3,
    units: ["PAN001"],
    observed: { first: "2016-07-24T10:41:00Z", last: "2016-07-26T04:00:00Z" },
    cdppPpm: { R: 1111, G: 2222, B: 3333 },
    bls: { periodDays: 3.2, depth: 0.0125, snr: 9.5, sde: 11.25 },
    candidate: false,
    analysedAt: "2016-07-27T00:00:00Z",
    error: null,
    halfCompletenessDepth: null,
    ...overrides,
  };
}

/** A PIC id ordered by `n`. */
export const picOf = (n: number): string => `PIC_J${String(n).padStart(7, "0")}+000000`;
