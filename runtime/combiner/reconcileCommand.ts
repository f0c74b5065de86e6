/**
 * `piaa reconcile [--dry-run] [--json] [--chunk-grace-minutes N]`: compare LC/ with every MLC's
 * segment list and repair the differences, and delete MLC chunks no document lists (reconcile.ts).
 * Prints one line per fix, or "nothing to fix"; exit status 1 (a finding) when a segment is left
 * unfixed (invalid), 3 when the bucket itself fails.
 */
import { Option } from "commander";
import { jsonOption, piaaCommand, positiveInteger } from "../core/commandLine.js";
import { FindingError } from "../core/errors.js";
import { openBucketForReading } from "../core/store/openBucket.js";
import { type CommandOutput, processOutput, stderrProgress } from "../core/commandArguments.js";
import { readSegmentLimits } from "./config.js";
import { reconcileBucket, type Fix, type ReconcileReport } from "./reconcile.js";
import { DEFAULT_CHUNK_GRACE_MS } from "./writeChunk.js";

const PROBLEMS: Record<Fix["kind"], string> = {
  missing: "missing from the MLC",
  stale: "stale in the MLC",
  gone: "LC object deleted",
  unreadable: "MLC unreadable",
};

export function reconcileCommand(output: CommandOutput = processOutput) {
  return piaaCommand("reconcile", "repair master light curves against LC/: merge missing or stale segments, remove deleted ones")
    .addOption(new Option("--dry-run", "only report what would be fixed"))
    .addOption(jsonOption())
    .addOption(
      new Option("--chunk-grace-minutes <n>", "delete unlisted MLC chunks only when older than this (a batch may be about to list them)")
        .argParser(positiveInteger("--chunk-grace-minutes"))
        .default(DEFAULT_CHUNK_GRACE_MS / 60_000),
    )
    .action(async (options: { bucket: string; dryRun?: boolean; json?: boolean; chunkGraceMinutes: number }) => {
      const store = await openBucketForReading(options.bucket);
      const report = await reconcileBucket(store, {
        dryRun: options.dryRun,
        chunkGraceMs: options.chunkGraceMinutes * 60_000,
        onProgress: stderrProgress(output, "reconcile: stars checked"),
        segmentLimits: readSegmentLimits(),
      });
      if (options.json) output.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else printReport(output, report);
      const invalid = report.fixes.filter((fix) => fix.outcome === "invalid");
      if (invalid.length > 0) {
        throw new FindingError("reconcile", `${invalid.length} segment(s) cannot be merged (invalid: fix or delete the LC object): ${invalid.map((fix) => fix.object).join(", ")}`);
      }
    });
}

function printReport(output: CommandOutput, report: ReconcileReport): void {
  for (const { message } of report.ignored) output.stderr(`piaa: ignored: ${message}\n`);
  for (const fix of report.fixes) {
    const detail = [PROBLEMS[fix.kind], fix.mlcGeneration && `MLC had ${fix.mlcGeneration}`, fix.lcGeneration && `LC has ${fix.lcGeneration}`]
      .filter(Boolean)
      .join(", ");
    output.stdout(`${(fix.outcome ?? "would fix").padEnd(9)} ${fix.object} (${detail})${fix.message ? `: ${fix.message}` : ""}\n`);
  }
  for (const chunk of report.unlistedChunks) output.stdout(`${report.dryRun ? "would fix" : "removed  "} ${chunk} (chunk no MLC lists)\n`);
  output.stdout(`${summary(report)}\n`);
}

/** The last line: what was (or would be) fixed, and what could not be. */
export function summary(report: ReconcileReport): string {
  if (report.fixes.length === 0) return `nothing to fix (${report.stars} stars checked)`;
  const stars = new Set(report.fixes.map((fix) => fix.pic)).size;
  const where = `in ${stars} of ${report.stars} stars`;
  if (report.dryRun) return `would fix ${report.fixes.length} segment(s) ${where}`;
  const count = (outcomes: Fix["outcome"][]) => report.fixes.filter((fix) => outcomes.includes(fix.outcome)).length;
  const parts = [`fixed ${count(["merged", "removed", "rebuilt"])} segment(s) ${where}`];
  const meanwhile = count(["unchanged"]);
  if (meanwhile > 0) parts.push(`${meanwhile} already fixed meanwhile`);
  const invalid = count(["invalid"]);
  if (invalid > 0) parts.push(`${invalid} cannot be merged (invalid: fix or delete the LC object)`);
  return parts.join("; ");
}
