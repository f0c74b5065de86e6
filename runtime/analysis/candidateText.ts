/**
 * The candidate's false-alarm probability and period aliases in words, as `piaa analyze` prints
 * them and the star page shows them (plain text: the page escapes it).
 */
import type { BlsSummary } from "./analysisDocument.js";

const EVIDENCE = {
  unobserved: "the epochs that would tell them apart were not observed",
  inconclusive: "the data at the epochs that would tell them apart are too noisy",
} as const;

/** "false-alarm probability 3.1e-7 (6 null trials)". */
export function falseAlarmText(bls: BlsSummary): string {
  const p = bls.falseAlarmProbability;
  if (p === null) return "false-alarm probability not calibrated (too few nights)";
  const shown = p < 1e-3 ? p.toExponential(1) : p.toPrecision(2);
  return `false-alarm probability ${p < 1e-300 ? "< 1e-300" : shown} (${bls.falseAlarmTrials} null trials)`;
}

/** The alias warnings, one sentence each; empty when the period is unambiguous. */
export function aliasTexts(bls: BlsSummary): string[] {
  const texts: string[] = [];
  const ratio = bls.periodDays / bls.peakPeriodDays;
  if (Math.abs(ratio - 1) > 1e-6) {
    const relation = ratio < 1 ? `1/${Math.round(1 / ratio)}` : `${Math.round(ratio)}×`;
    texts.push(`the period is ${relation} the periodogram's peak at ${bls.peakPeriodDays.toFixed(5)} d, which the data fit less well`);
  }
  for (const alias of bls.aliases) {
    texts.push(`possibly an alias: ${alias.factor}P = ${alias.periodDays.toFixed(5)} d fits as well (${EVIDENCE[alias.evidence]})`);
  }
  return texts;
}
