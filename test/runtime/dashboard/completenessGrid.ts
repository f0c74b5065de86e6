/** The cells of a completeness result's injection grid, for the completeness-section tests. */
import type { CompletenessCell } from "../../../runtime/analysis/completenessResult.js";

/**
 * One cell per (depth, period), depth by depth in the order given, each with `trials` injections;
 * `recovered` lists the recovered counts in that same order.
 */
export function completenessGrid(depths: number[], periods: number[], trials: number, recovered: number[]): CompletenessCell[] {
  return depths.flatMap((depth, d) =>
    periods.map((periodDays, p) => ({ periodDays, radiusRatio: Math.sqrt(depth), depth, trials, recovered: recovered[d * periods.length + p]! })),
  );
}
