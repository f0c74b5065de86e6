/** The text a sampled run prints: one block per group, then the sampled survivors. */
import type { GroupOutcome } from "./sampleOutcome.js";

function percent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)}%`;
}

export function formatOutcome(outcome: GroupOutcome, population: number): string {
  const { score } = outcome;
  const counts = [
    `${outcome.killed} killed`,
    `${outcome.timeout} timeout`,
    `${outcome.survived} survived`,
    `${outcome.noCoverage} no coverage`,
    ...(outcome.ignored > 0 ? [`${outcome.ignored} ignored (static or disabled, not in the score)`] : []),
    ...(outcome.errors > 0 ? [`${outcome.errors} compile/runtime errors (not in the score)`] : []),
    ...(outcome.missing > 0 ? [`${outcome.missing} MISSING from the report`] : []),
  ];
  const estimate = score
    ? `estimated score ${percent(score.estimate)}, 95% Wilson interval ${percent(score.low)}–${percent(score.high)}`
    : "no sampled mutant was run: no estimate";
  return `${outcome.group}: sampled ${outcome.sampled} of ${population} mutants: ${counts.join(", ")}\n  ${estimate}`;
}

export function formatSurvivors(outcome: GroupOutcome): string[] {
  return outcome.survivors.map(({ mutant, status }) => {
    const replacement = mutant.replacement.replace(/\s+/g, " ");
    const shown = replacement.length > 60 ? `${replacement.slice(0, 57)}...` : replacement;
    return `  ${mutant.fileName}:${mutant.start.line + 1}:${mutant.start.column + 1} ${status} ${mutant.mutatorName} → ${shown}`;
  });
}
