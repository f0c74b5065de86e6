/**
 * `npm run mutate -- --sample <n> [--seed <s>] [--dry-run] <files or folders> [--tests <globs>] [-- stryker options]`
 * (scripts/mutate.sh hands sampled runs here, with the tests already chosen in PIAA_MUTATE_TESTS).
 * Runs Stryker on a seeded uniform random sample of the targets' mutants and prints, per folder,
 * the estimated mutation score with its 95% Wilson interval and the sampled survivors.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { enumerateMutants, mutateRange, SampleTargetError, type EnumeratedMutant } from "./enumerateMutants.js";
import { formatOutcome, formatSurvivors } from "./formatSample.js";
import { readReport, statusesByKey, tallySample } from "./sampleOutcome.js";
import { sampleWithoutReplacement } from "./seededSample.js";

const HELP = `Usage: npm run mutate -- --sample <n> [--seed <s>] [--dry-run] <files or folders> [--tests <globs>] [-- stryker options]

Mutation testing on a sample: enumerates every mutant of the targets with Stryker's instrumenter
(static ones included), draws <n> of them uniformly at random with seed <s> (default 1; the same
seed and code give the same sample, so "after" re-runs measure the same mutants), runs Stryker
on them only (sampleIgnorer.mjs keeps the mutants nested in a sampled node out) and prints per folder: killed / timeout / survived / no coverage, the estimated
score with its 95% Wilson interval, and the sampled survivors. Under --ignoreStatic the sampled
static mutants are not run and are left out of the estimate (it then estimates the score over
the non-static mutants, as a full --ignoreStatic run would report it).
The Stryker report is --incrementalFile (default reports/mutation/sample-<targets hash>-n<n>-seed<s>.json).
--dry-run prints the sample and the mutate ranges without running Stryker.`;

interface SampleArgs {
  size: number;
  seed: number;
  dryRun: boolean;
  targets: string[];
  strykerArgs: string[];
}

class UsageError extends Error {}

function positiveInteger(flag: string, value: string | undefined, allowZero: boolean): number {
  const number = Number(value);
  if (value === undefined || !/^\d+$/.test(value) || (!allowZero && number === 0)) {
    throw new UsageError(`mutate: ${flag} needs a ${allowZero ? "non-negative" : "positive"} integer, got ${value ?? "nothing"}`);
  }
  return number;
}

function parseSampleArgs(argv: readonly string[]): SampleArgs {
  const separator = argv.indexOf("--");
  const own = separator === -1 ? argv : argv.slice(0, separator);
  const args: SampleArgs = { size: 0, seed: 1, dryRun: false, targets: [], strykerArgs: separator === -1 ? [] : argv.slice(separator + 1) };
  for (let i = 0; i < own.length; i++) {
    const arg = own[i]!;
    if (arg === "--sample") args.size = positiveInteger("--sample", own[++i], false);
    else if (arg === "--seed") args.seed = positiveInteger("--seed", own[++i], true);
    else if (arg === "--dry-run") args.dryRun = true;
    else if (arg.startsWith("--")) throw new UsageError(`mutate: unknown option ${arg} before "--" (see --help)`);
    else args.targets.push(arg);
  }
  if (args.size === 0) throw new UsageError("mutate: --sample <n> is required");
  if (args.targets.length === 0) throw new UsageError("mutate: --sample needs files or folders to sample from");
  return args;
}

/** The report file: the caller's --incrementalFile, or one named after the targets, size and seed. */
function reportFile(args: SampleArgs): { file: string; strykerArgs: string[] } {
  const given = args.strykerArgs.indexOf("--incrementalFile");
  if (given !== -1) {
    const file = args.strykerArgs[given + 1];
    if (!file) throw new UsageError("mutate: --incrementalFile needs a file name");
    return { file, strykerArgs: args.strykerArgs };
  }
  const hash = createHash("sha256").update(args.targets.join("\n")).digest("hex").slice(0, 8);
  const file = `reports/mutation/sample-${hash}-n${args.size}-seed${args.seed}.json`;
  return { file, strykerArgs: [...args.strykerArgs, "--incrementalFile", file] };
}

/** The sampled nodes for sampleIgnorer.mjs: per file, [startLine, startColumn, endLine, endColumn] as Babel counts them. */
function writeSampledNodes(sample: readonly EnumeratedMutant[], file: string): void {
  const nodes: Record<string, [number, number, number, number][]> = {};
  for (const { fileName, start, end } of sample) (nodes[fileName] ??= []).push([start.line + 1, start.column, end.line + 1, end.column]);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(nodes));
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(HELP);
    return 0;
  }
  const args = parseSampleArgs(argv);
  const population = await enumerateMutants(args.targets);
  const sample = sampleWithoutReplacement(population, args.size, args.seed);
  const populationByGroup = new Map<string, number>();
  for (const mutant of population) populationByGroup.set(mutant.group, (populationByGroup.get(mutant.group) ?? 0) + 1);
  console.log(`mutate: sampled ${sample.length} of ${population.length} mutants (instrumenter count, static included), seed ${args.seed}`);

  const ranges = [...new Set(sample.map(mutateRange))];
  const { file, strykerArgs } = reportFile(args);
  const command = ["stryker", "run", "scripts/mutationSample/stryker.sample.config.mjs", "--mutate", ranges.join(","), ...strykerArgs];
  if (args.dryRun) {
    for (const range of ranges) console.log(`  ${range}`);
    console.log(`would run: npx ${command.slice(0, 4).join(" ")} <${ranges.length} ranges> ${strykerArgs.join(" ")}`);
    return 0;
  }
  const nodesFile = file.replace(/\.json$/, "") + ".nodes.json";
  writeSampledNodes(sample, nodesFile);
  const run = spawnSync("npx", command, { stdio: "inherit", env: { ...process.env, PIAA_MUTATE_SAMPLE: nodesFile } });
  if (run.status !== 0) {
    console.error(`mutate: stryker exited with ${run.status ?? run.signal}; no estimate`);
    return run.status ?? 1;
  }

  const statuses = statusesByKey(readReport(file));
  const outcomes = tallySample(sample, statuses);
  const all = tallySample(sample.map((mutant) => ({ ...mutant, group: "all targets" })), statuses);
  console.log(`\nSampled estimate (seed ${args.seed}; an estimate from ${sample.length} mutants, not a full run; report ${file})`);
  if (strykerArgs.includes("--ignoreStatic")) console.log("--ignoreStatic: sampled static mutants were not run and are not in the estimates");
  for (const outcome of outcomes) console.log(formatOutcome(outcome, populationByGroup.get(outcome.group) ?? 0));
  if (outcomes.length > 1) console.log(formatOutcome(all[0]!, population.length));
  const survivors = outcomes.flatMap(formatSurvivors);
  console.log(survivors.length > 0 ? `Sampled survivors (${survivors.length}):\n${survivors.join("\n")}` : "No sampled survivors.");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof SampleTargetError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  },
);
