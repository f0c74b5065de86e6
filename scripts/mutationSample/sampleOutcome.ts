/**
 * What Stryker made of the sampled mutants: their statuses read back from its JSON report and
 * counted per group. The report also holds the mutants the sample's ranges selected besides the
 * sampled ones (the node's other mutators, nested nodes); those are not counted.
 */
import { readFileSync } from "node:fs";
import { mutantKey, type EnumeratedMutant } from "./enumerateMutants.js";
import { wilsonInterval, type Proportion } from "./wilsonInterval.js";

/**
 * The part of a mutation-testing report (schema: github.com/stryker-mutator/mutation-testing-elements,
 * packages/report-schema) read here. Its positions are 1-based in both line and column.
 */
export interface MutationReport {
  files: Record<string, { mutants: { mutatorName: string; replacement?: string; status: string; location: { start: { line: number; column: number }; end: { line: number; column: number } } }[] }>;
}

export interface GroupOutcome {
  group: string;
  sampled: number;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  /** Static mutants skipped under --ignoreStatic, and those a `// Stryker disable` comment names. */
  ignored: number;
  /** Compile and runtime errors: mutants no test could run (Stryker leaves them out of the score). */
  errors: number;
  /** Sampled mutants the report does not hold (the run failed, or the code changed since sampling). */
  missing: number;
  /** killed + timeout over killed + timeout + survived + no coverage, with its 95% interval; undefined when none ran. */
  score: Proportion | undefined;
  /** Sampled mutants that survived or had no coverage, with their status. */
  survivors: { mutant: EnumeratedMutant; status: string }[];
}

export function readReport(file: string): MutationReport {
  let report: unknown;
  try {
    report = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`mutation report ${file} could not be read: ${(error as Error).message}`);
  }
  if (typeof report !== "object" || report === null || typeof (report as MutationReport).files !== "object") {
    throw new Error(`mutation report ${file} has no "files" object`);
  }
  return report as MutationReport;
}

/** The status of each mutant of the report, by `mutantKey` (positions turned 0-based as the instrumenter gives them). */
export function statusesByKey(report: MutationReport): Map<string, string> {
  const statuses = new Map<string, string>();
  for (const [fileName, { mutants }] of Object.entries(report.files)) {
    for (const { mutatorName, replacement = "", status, location } of mutants) {
      const start = { line: location.start.line - 1, column: location.start.column - 1 };
      const end = { line: location.end.line - 1, column: location.end.column - 1 };
      statuses.set(mutantKey({ fileName, mutatorName, replacement, start, end }), status);
    }
  }
  return statuses;
}

export function tallySample(sample: readonly EnumeratedMutant[], statuses: ReadonlyMap<string, string>): GroupOutcome[] {
  const groups = new Map<string, GroupOutcome>();
  for (const mutant of sample) {
    let outcome = groups.get(mutant.group);
    if (!outcome) {
      outcome = { group: mutant.group, sampled: 0, killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, errors: 0, missing: 0, score: undefined, survivors: [] };
      groups.set(mutant.group, outcome);
    }
    outcome.sampled++;
    const status = statuses.get(mutantKey(mutant));
    if (status === "Killed") outcome.killed++;
    else if (status === "Timeout") outcome.timeout++;
    else if (status === "Survived" || status === "NoCoverage") {
      if (status === "Survived") outcome.survived++;
      else outcome.noCoverage++;
      outcome.survivors.push({ mutant, status });
    } else if (status === "Ignored") outcome.ignored++;
    else if (status === "CompileError" || status === "RuntimeError") outcome.errors++;
    else outcome.missing++;
  }
  for (const outcome of groups.values()) {
    const detected = outcome.killed + outcome.timeout;
    const valid = detected + outcome.survived + outcome.noCoverage;
    outcome.score = valid > 0 ? wilsonInterval(detected, valid) : undefined;
  }
  return [...groups.values()];
}
