/**
 * The stored injection-and-recovery result `ANALYSIS/{pic}/completeness.json`, written by
 * `piaa completeness` and read by the dashboard: keyed by the MLC generation, the seed and the
 * number of trials it was computed with, so the same inputs are never recomputed and give the
 * same numbers. Also the one figure the star index carries: the depth at which completeness
 * reaches 50 % near P = 3 d.
 */
import { z } from "zod";
import { InvalidDocumentError, NotFoundError } from "../core/errors.js";
import { parseJsonDocument } from "../core/jsonDocument.js";
import { completenessName } from "../core/objectNames.js";
import type { ObjectStore } from "../core/store/objectStore.js";

const nullableNumber = z.number().nullable();

export const completenessResultSchema = z.object({
  schema: z.literal(1),
  pic: z.string(),
  mlcGeneration: z.string().regex(/^\d+$/),
  seed: z.number().int(),
  /** Completeness injections in all. */
  trials: z.number().int().nonnegative(),
  baselineDays: z.number(),
  /** The star's own flagged candidate (its transits were removed before injecting). */
  ownCandidate: z.object({ periodDays: z.number(), depth: z.number() }).nullable(),
  /** null where no injected transit fell on data. */
  suppression: z.array(z.object({ durationHours: z.number(), periodDays: z.number(), suppression: nullableNumber })),
  /** Mean, smallest and largest recovered/injected amplitude over the phases tried. */
  transfer: z.array(z.object({ periodHours: z.number(), ratio: nullableNumber, min: nullableNumber, max: nullableNumber })),
  cells: z.array(
    z.object({ periodDays: z.number(), radiusRatio: z.number(), depth: z.number(), trials: z.number().int().nonnegative(), recovered: z.number().int().nonnegative() }),
  ),
});

export type CompletenessResult = z.infer<typeof completenessResultSchema>;
export type CompletenessCell = CompletenessResult["cells"][number];
export type SuppressionPoint = CompletenessResult["suppression"][number];
export type TransferPoint = CompletenessResult["transfer"][number];

/** The period at which the star index quotes the 50 % depth: a typical hot Jupiter's. */
export const INDEX_PERIOD_DAYS = 3;

/**
 * The depth at which completeness reaches 50 %, interpolated in log depth along the grid row
 * nearest `periodDays` (in log period); null when the row never reaches 50 %, or has no trials.
 */
export function depthAtHalfCompleteness(result: CompletenessResult, periodDays = INDEX_PERIOD_DAYS): { periodDays: number; depth: number } | null {
  const periods = [...new Set(result.cells.map((c) => c.periodDays))];
  if (periods.length === 0) return null;
  const nearest = periods.reduce((a, b) => (Math.abs(Math.log(b / periodDays)) < Math.abs(Math.log(a / periodDays)) ? b : a));
  const row = result.cells.filter((c) => c.periodDays === nearest && c.trials > 0).sort((a, b) => a.depth - b.depth);
  const fraction = (c: CompletenessCell) => c.recovered / c.trials;
  for (let k = 0; k < row.length; k++) {
    const cell = row[k]!;
    if (fraction(cell) < 0.5) continue;
    if (k === 0) return { periodDays: nearest, depth: cell.depth };
    const below = row[k - 1]!;
    const t = (0.5 - fraction(below)) / (fraction(cell) - fraction(below));
    return { periodDays: nearest, depth: Math.exp(Math.log(below.depth) + t * Math.log(cell.depth / below.depth)) };
  }
  return null;
}

export function encodeCompletenessResult(result: CompletenessResult): Buffer {
  return Buffer.from(`${JSON.stringify(result, null, 1)}\n`);
}

export function parseCompletenessResult(objectName: string, bytes: Uint8Array): CompletenessResult {
  return parseJsonDocument(objectName, bytes, completenessResultSchema);
}

/** The stored result, or undefined when there is none or it no longer parses (then it is replaced). */
export async function readCompletenessResult(store: ObjectStore, pic: string): Promise<CompletenessResult | undefined> {
  const name = completenessName(pic);
  try {
    return parseCompletenessResult(name, (await store.get(name)).data);
  } catch (error) {
    if (error instanceof NotFoundError || error instanceof InvalidDocumentError) return undefined;
    throw error;
  }
}

export async function writeCompletenessResult(store: ObjectStore, result: CompletenessResult): Promise<void> {
  await store.put(completenessName(result.pic), encodeCompletenessResult(result), { contentType: "application/json" });
}
