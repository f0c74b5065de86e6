/**
 * A completeness result as `piaa completeness` stores it (ANALYSIS/{pic}/completeness.json), for
 * the tests that read, print or draw one: `overrides` laid over a small valid result, then parsed
 * with the stored document's own schema, so the fixture cannot drift from what the command writes
 * and the dashboard reads.
 */
import { completenessResultSchema, type CompletenessResult } from "../../../runtime/analysis/completenessResult.js";

/**
 * The defaults are a short but complete result: one suppression figure (1 % for 1-h transits at
 * P = 3 d) and a transfer function of two periods (1 h and 24 h), no candidate of the star's own,
 * no grid cells. Unless given, `trials` is the cells' injections in all, as the command counts it.
 */
export function validCompletenessResult(overrides: Partial<CompletenessResult> = {}): CompletenessResult {
  const cells = overrides.cells ?? [];
  return completenessResultSchema.parse({
    schema: 1,
    pic: "PIC_J2000437+224239",
    mlcGeneration: "1",
    seed: 1,
    trials: cells.reduce((sum, cell) => sum + cell.trials, 0),
    baselineDays: 30,
    ownCandidate: null,
    suppression: [{ durationHours: 1, periodDays: 3, suppression: 0.01 }],
    transfer: [
      { periodHours: 1, ratio: 0.99, min: 0.98, max: 1 },
      { periodHours: 24, ratio: 0.4, min: 0.3, max: 0.5 },
    ],
    cells,
    ...overrides,
  });
}
