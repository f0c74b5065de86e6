/**
 * What `piaa reconcile` tells its user beyond reconcileCommand.test.ts: the help (what it does,
 * each option, the grace period's default in minutes), a bad grace period named, the printed
 * lines of a dry run and of a real one for chunks too, the grace period given in minutes, the
 * finding that lists every segment left invalid, and the summary line in each case.
 */
import { utimes } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import type { Fix, ReconcileReport } from "../../../runtime/combiner/reconcile.js";
import { reconcileCommand, summary } from "../../../runtime/combiner/reconcileCommand.js";
import { FindingError, NotFoundError } from "../../../runtime/core/errors.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName } from "../core/testSegments.js";
import { runCommand } from "../../piaaCli.js";
import { finalize, pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-reconcile-output-");
const OTHER_PIC = "PIC_J18365633+3847012";
const ORPHAN = `MLC/${TEST_PIC}/${"cd".repeat(16)}.json`;

const exists = (store: ObjectStore, name: string) =>
  store.stat(name).then(
    () => true,
    (error: unknown) => (error instanceof NotFoundError ? false : Promise.reject(error)),
  );

/** A bucket with one merged segment, a segment whose notification was lost, and an unlisted chunk `ageMinutes` old. */
async function driftedBucket(ageMinutes: number): Promise<{ store: ObjectStore; missing: string; missingGeneration: string }> {
  const store = freshStore();
  const merged = testObjectName(1);
  await applyChanges(store, TEST_PIC, [finalize(merged, await upload(store, merged, pts(10)))]);
  const missing = testObjectName(2);
  const missingGeneration = await upload(store, missing, pts(20));
  await store.put(ORPHAN, Buffer.from("{}"));
  const writtenS = (Date.now() - ageMinutes * 60_000) / 1000;
  // The directory store's `updated` is the file's mtime.
  await utimes(path.join(store.url.replace(/^file:\/\//, ""), ORPHAN), writtenS, writtenS);
  return { store, missing, missingGeneration };
}

const fix = (pic: string, outcome: Fix["outcome"]): Fix => ({ pic, object: `LC/${pic}/x`, kind: "missing", outcome });
const report = (fixes: Fix[], dryRun = false): ReconcileReport => ({ dryRun, stars: 5, fixes, ignored: [], unlistedChunks: [] });

describe("piaa reconcile, what it prints", () => {
  it("explains itself and each option in --help, with the grace period's default in minutes", async () => {
    const { stdout } = await runCommand(reconcileCommand, "--help");
    const help = stdout.replace(/\s+/g, " ");
    expect(help).toMatch(/^Usage: reconcile \[options\]/);
    expect(help).toContain("repair master light curves against LC/: merge missing or stale segments, remove deleted ones");
    expect(help).toContain("--dry-run only report what would be fixed");
    expect(help).toContain("--chunk-grace-minutes <n> delete unlisted MLC chunks only when older than this (a batch may be about to list them) (default: 60)");
  });

  it("names the option when the grace period is not a positive integer", async () => {
    const { error } = await runCommand(reconcileCommand, "--bucket", freshStore().url, "--chunk-grace-minutes", "0");
    expect(String(error)).toBe('UsageError: --chunk-grace-minutes must be a positive integer (got "0")');
  });

  it("prints what a dry run would fix, chunks included, then what the real run fixed (default grace: an hour)", async () => {
    const { store, missing, missingGeneration } = await driftedBucket(61);
    const dry = await runCommand(reconcileCommand, "--bucket", store.url, "--dry-run");
    expect(dry.stdout.split("\n")).toEqual([
      `would fix ${missing} (missing from the MLC, LC has ${missingGeneration})`,
      `would fix ${ORPHAN} (chunk no MLC lists)`,
      "would fix 1 segment(s) in 1 of 1 stars",
      "",
    ]);
    expect(await exists(store, ORPHAN)).toBe(true);
    const real = await runCommand(reconcileCommand, "--bucket", store.url);
    expect(real.stdout.split("\n")).toEqual([
      `merged    ${missing} (missing from the MLC, LC has ${missingGeneration})`,
      `removed   ${ORPHAN} (chunk no MLC lists)`,
      "fixed 1 segment(s) in 1 of 1 stars",
      "",
    ]);
    expect(await exists(store, ORPHAN)).toBe(false);
  });

  it("counts --chunk-grace-minutes in minutes: a chunk 2 minutes old outlives 3 and not 1", async () => {
    const { store } = await driftedBucket(2);
    expect((await runCommand(reconcileCommand, "--bucket", store.url, "--chunk-grace-minutes", "3")).stdout).not.toContain(ORPHAN);
    expect(await exists(store, ORPHAN)).toBe(true);
    expect((await runCommand(reconcileCommand, "--bucket", store.url, "--chunk-grace-minutes", "1")).stdout).toContain(ORPHAN);
    expect(await exists(store, ORPHAN)).toBe(false);
  });

  it("ends with a finding that names every segment left invalid", async () => {
    const store = freshStore();
    const bad = [testObjectName(1), testObjectName(2, { pic: OTHER_PIC })];
    for (const object of bad) await store.put(object, Buffer.from("[]"));
    const { error } = await runCommand(reconcileCommand, "--bucket", store.url);
    expect(error).toBeInstanceOf(FindingError);
    expect(error).toMatchObject({
      objectName: "reconcile",
      message: `2 segment(s) cannot be merged (invalid: fix or delete the LC object): ${[...bad].sort().join(", ")}`,
    });
  });

  it.each([
    ["nothing found", report([]), "nothing to fix (5 stars checked)"],
    ["a dry run", report([fix("A", undefined), fix("A", undefined), fix("B", undefined)], true), "would fix 3 segment(s) in 2 of 5 stars"],
    ["merged, removed and rebuilt all count as fixed", report([fix("A", "merged"), fix("B", "removed"), fix("C", "rebuilt")]), "fixed 3 segment(s) in 3 of 5 stars"],
    ["one fixed by the service meanwhile", report([fix("A", "merged"), fix("A", "unchanged")]), "fixed 1 segment(s) in 1 of 5 stars; 1 already fixed meanwhile"],
    [
      "fixed, meanwhile and invalid",
      report([fix("A", "unchanged"), fix("B", "invalid"), fix("B", "rebuilt"), fix("C", "unchanged")]),
      "fixed 1 segment(s) in 3 of 5 stars; 2 already fixed meanwhile; 1 cannot be merged (invalid: fix or delete the LC object)",
    ],
  ])("summarizes %s", (_case, given, line) => {
    expect(summary(given)).toBe(line);
  });
});
