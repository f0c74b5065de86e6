/**
 * One star's row of the star index: what the dashboard's star table shows, so it needs neither
 * the MLC nor the analysis document. A row is keyed by the MLC generation it describes, and
 * `supersedes` decides between two rows of a star the same way whatever order they arrive in:
 * a newer MLC generation wins, except that a pending row never hides an analysed one (the old
 * figures stay in the table until the new ones are in); at the same generation an analysis or an
 * error replaces "pending", and otherwise the row already there stays, so replaying a row
 * changes nothing.
 */
import { z } from "zod";
import { catalogNameOf } from "../core/catalog.js";
import type { MasterLightCurve } from "../core/masterLightCurve.js";
import { compareGenerations, type Generation } from "../core/store/objectStore.js";
import { describeMasterLightCurve, observedSpanSchema, perChannelSchema, type AnalysisDocument } from "./analysisDocument.js";

export const STAR_STATUSES = ["pending", "analysed", "error"] as const;

export const starIndexRowSchema = z.object({
  pic: z.string(),
  name: z.string().nullable(),
  /** pending: the MLC exists, its analysis is not stored yet; error: it cannot be analysed (see `error`). */
  status: z.enum(STAR_STATUSES),
  mlcGeneration: z.string().regex(/^\d+$/),
  mlcUpdated: z.string(),
  points: z.number().int().nonnegative(),
  segments: z.number().int().nonnegative(),
  units: z.array(z.string()),
  observed: observedSpanSchema.nullable(),
  cdppPpm: perChannelSchema.nullable(),
  bls: z.object({ periodDays: z.number(), depth: z.number(), snr: z.number(), sde: z.number() }).nullable(),
  candidate: z.boolean(),
  analysedAt: z.string().nullable(),
  error: z.string().nullable(),
  /** Depth at which injections reach 50 % completeness near P = 3 d (`piaa completeness`, this MLC generation). */
  halfCompletenessDepth: z.object({ periodDays: z.number(), depth: z.number() }).nullable().default(null),
});

export type StarIndexRow = z.infer<typeof starIndexRowSchema>;

const EMPTY_ANALYSIS = { cdppPpm: null, bls: null, candidate: false, analysedAt: null, error: null, halfCompletenessDepth: null } as const;

export function analysedRow(document: AnalysisDocument): StarIndexRow {
  const { pic, name, mlcGeneration, mlcUpdated, points, segments, units, observed, cdppPpm, bls, candidate, analysedAt } = document;
  const summary = bls && { periodDays: bls.periodDays, depth: bls.depth, snr: bls.snr, sde: bls.sde };
  return { pic, name, status: "analysed", mlcGeneration, mlcUpdated, points, segments, units, observed, cdppPpm, bls: summary, candidate, analysedAt, error: null, halfCompletenessDepth: null };
}

export function pendingRow(mlc: MasterLightCurve, mlcGeneration: Generation): StarIndexRow {
  return { pic: mlc.pic, name: catalogNameOf(mlc.pic), status: "pending", mlcGeneration, mlcUpdated: mlc.updated, ...describeMasterLightCurve(mlc), ...EMPTY_ANALYSIS };
}

/** A star whose MLC cannot be read or analysed; `at` is when that was found. */
export function errorRow(pic: string, mlcGeneration: Generation, reason: string, at: Date): StarIndexRow {
  return {
    pic,
    name: catalogNameOf(pic),
    status: "error",
    mlcGeneration,
    mlcUpdated: "",
    points: 0,
    segments: 0,
    units: [],
    observed: null,
    ...EMPTY_ANALYSIS,
    analysedAt: at.toISOString(),
    error: reason,
  };
}

/** Whether `next` should replace `current` (see the module comment). */
export function supersedes(next: StarIndexRow, current: StarIndexRow | undefined): boolean {
  if (!current) return true;
  if (next.status === "pending" && current.status !== "pending") return false;
  const order = compareGenerations(next.mlcGeneration, current.mlcGeneration);
  if (order !== 0) return order > 0;
  return current.status === "pending" && next.status !== "pending";
}
