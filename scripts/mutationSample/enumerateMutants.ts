/**
 * Every mutant Stryker would make of the targets, from its own instrumenter (the same code
 * `stryker run` uses), without running anything. Static mutants (evaluated once when a module
 * loads) are included: only Stryker's dry run can tell which they are.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Instrumenter } from "@stryker-mutator/instrumenter";
import type { Logger } from "@stryker-mutator/api/logging";

/** A position as Stryker's instrumenter gives it: line and column both 0-based. */
export interface Position {
  line: number;
  column: number;
}

export interface EnumeratedMutant {
  /** The target the mutant was found under: a folder as given, or a file's folder. */
  group: string;
  fileName: string;
  mutatorName: string;
  replacement: string;
  start: Position;
  end: Position;
}

/** Thrown for a target that is neither a .ts file nor a folder (the sampled run needs real files). */
export class SampleTargetError extends Error {
  constructor(readonly target: string, reason: string) {
    super(`mutate --sample: target ${target} ${reason}`);
  }
}

const silentLogger = {
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => false,
  isErrorEnabled: () => false,
  isFatalEnabled: () => false,
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
} as unknown as Logger;

/** The .ts files of the targets, each with its group, sorted by path so that a seed names one sample. */
export function targetFiles(targets: readonly string[]): { group: string; fileName: string }[] {
  const files = targets.flatMap((raw) => {
    const target = raw.replace(/\/+$/, "");
    let isFolder: boolean;
    try {
      isFolder = statSync(target).isDirectory();
    } catch {
      throw new SampleTargetError(target, "does not exist (give .ts files or folders, no globs or line ranges)");
    }
    if (!isFolder) {
      if (!target.endsWith(".ts")) throw new SampleTargetError(target, "is not a .ts file");
      return [{ group: path.dirname(target), fileName: target }];
    }
    return readdirSync(target, { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"))
      .map((name) => ({ group: target, fileName: path.join(target, name) }));
  });
  const unique = new Map(files.map((file) => [file.fileName, file]));
  return [...unique.values()].sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
}

export async function enumerateMutants(targets: readonly string[]): Promise<EnumeratedMutant[]> {
  const instrumenter = new Instrumenter(silentLogger);
  const mutants: EnumeratedMutant[] = [];
  for (const { group, fileName } of targetFiles(targets)) {
    const result = await instrumenter.instrument([{ name: fileName, content: readFileSync(fileName, "utf8"), mutate: true }], {
      plugins: null,
      excludedMutations: [],
      ignorers: [],
    });
    // Mutants a `// Stryker disable` comment switches off are not run, so they are not sampled.
    for (const mutant of result.mutants.filter((m) => m.status !== "Ignored")) {
      mutants.push({ group, fileName, mutatorName: mutant.mutatorName, replacement: mutant.replacement, start: mutant.location.start, end: mutant.location.end });
    }
  }
  return mutants;
}

/**
 * The `mutate` range (`file:line:column-line:column`, lines 1-based, columns 0-based) that selects
 * this mutant's node. Stryker mutates every node inside a range, so it also selects the other
 * mutants of the node and those of nodes nested in it (sampleIgnorer.mjs leaves most of those
 * out): results are matched back by `mutantKey`.
 */
export function mutateRange(mutant: EnumeratedMutant): string {
  return `${mutant.fileName}:${mutant.start.line + 1}:${mutant.start.column}-${mutant.end.line + 1}:${mutant.end.column}`;
}

/** What identifies a mutant in both the instrumenter's list and Stryker's report. */
export function mutantKey(mutant: Pick<EnumeratedMutant, "fileName" | "mutatorName" | "replacement" | "start" | "end">): string {
  const { start, end } = mutant;
  return `${mutant.fileName}:${start.line}:${start.column}-${end.line}:${end.column} ${mutant.mutatorName} ${mutant.replacement}`;
}
