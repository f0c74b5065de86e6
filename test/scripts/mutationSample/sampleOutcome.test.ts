import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { enumerateMutants, mutateRange, targetFiles, type EnumeratedMutant } from "../../../scripts/mutationSample/enumerateMutants.js";
import { statusesByKey, tallySample, type MutationReport } from "../../../scripts/mutationSample/sampleOutcome.js";
import { wilsonInterval } from "../../../scripts/mutationSample/wilsonInterval.js";

const root = mkdtempSync(path.join(tmpdir(), "piaa-sample-"));
const folder = path.join(root, "lib");
mkdirSync(path.join(folder, "nested"), { recursive: true });
const clamp = path.join(folder, "clamp.ts");
writeFileSync(clamp, "export function clamp(x: number, low: number): number {\n  return x < low ? low : x;\n}\n");
writeFileSync(path.join(folder, "nested", "negate.ts"), "export const negate = (b: boolean): string => (!b ? \"no\" : \"yes\");\n");
writeFileSync(path.join(folder, "types.d.ts"), "export type Unused = number;\n");
writeFileSync(path.join(root, "notes.md"), "not code\n");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/**
 * A report entry as Stryker writes it: the mutation-testing report schema
 * (stryker-mutator/mutation-testing-elements, packages/report-schema) gives positions with 1-based
 * lines and 1-based columns, where the instrumenter's are 0-based in both.
 */
function reported(mutant: EnumeratedMutant, status: string) {
  const { start, end } = mutant;
  return {
    mutatorName: mutant.mutatorName,
    replacement: mutant.replacement,
    status,
    location: { start: { line: start.line + 1, column: start.column + 1 }, end: { line: end.line + 1, column: end.column + 1 } },
  };
}

describe("targetFiles", () => {
  it("finds the .ts files of a folder, nested ones included and declarations left out, grouped under the folder", () => {
    expect(targetFiles([`${folder}/`]).map(({ group, fileName }) => [group, path.relative(root, fileName)])).toEqual([
      [folder, "lib/clamp.ts"],
      [folder, "lib/nested/negate.ts"],
    ]);
  });

  it("groups a file under its folder and counts a file named twice once", () => {
    expect(targetFiles([clamp, folder])).toEqual([{ group: path.dirname(clamp), fileName: clamp }, { group: folder, fileName: path.join(folder, "nested", "negate.ts") }]);
  });

  it.each([
    [path.join(root, "missing.ts"), /missing\.ts does not exist/],
    [`${clamp}:2-2`, /clamp\.ts:2-2 does not exist \(give \.ts files or folders, no globs or line ranges\)/],
    [path.join(root, "notes.md"), /notes\.md is not a \.ts file/],
  ])("rejects %s, naming it", (target, message) => {
    expect(() => targetFiles([target])).toThrow(message);
  });
});

describe("enumerateMutants and mutateRange", () => {
  it("lists Stryker's mutants of the comparison, and the range that selects it uses 1-based lines and 0-based columns", async () => {
    const mutants = await enumerateMutants([clamp]);
    const comparison = mutants.filter((m) => m.mutatorName === "EqualityOperator");
    expect(comparison.map((m) => m.replacement).sort()).toEqual(["x <= low", "x >= low"]);
    // `x < low` is on line 2, from column 9 to 16 (0-based, end exclusive).
    expect(comparison.map(mutateRange)).toEqual([`${clamp}:2:9-2:16`, `${clamp}:2:9-2:16`]);
  });
});

/** A report of the given mutants and statuses, each under its file as Stryker writes it. */
function reportOf(entries: [EnumeratedMutant, string][]): MutationReport {
  const files: MutationReport["files"] = {};
  for (const [mutant, status] of entries) (files[mutant.fileName] ??= { mutants: [] }).mutants.push(reported(mutant, status));
  return { files };
}

describe("tallySample", () => {
  it("counts only the sampled mutants of the report, per group, with the score's Wilson interval", async () => {
    const mutants = await enumerateMutants([folder]);
    expect(mutants.length).toBeGreaterThanOrEqual(8);
    const [killed, timeout, survived, noCoverage, ignored, error, selectedNotSampled, notInReport] = mutants as [EnumeratedMutant, ...EnumeratedMutant[]];
    const report = reportOf([
      [killed, "Killed"],
      [timeout!, "Timeout"],
      [survived!, "Survived"],
      [noCoverage!, "NoCoverage"],
      [ignored!, "Ignored"],
      [error!, "RuntimeError"],
      // Selected by a sampled mutant's range (another mutator of its node, a nested node): not counted.
      [selectedNotSampled!, "Survived"],
    ]);
    const sample = [killed, timeout!, survived!, noCoverage!, ignored!, error!, notInReport!];
    const outcomes = tallySample(sample, statusesByKey(report));
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ group: folder, sampled: 7, killed: 1, timeout: 1, survived: 1, noCoverage: 1, ignored: 1, errors: 1, missing: 1 });
    expect(outcomes[0]!.score).toEqual(wilsonInterval(2, 4));
    expect(outcomes[0]!.survivors).toEqual([
      { mutant: survived, status: "Survived" },
      { mutant: noCoverage, status: "NoCoverage" },
    ]);
  });

  it("keeps the groups apart", async () => {
    const [first] = await enumerateMutants([clamp]);
    const [second] = await enumerateMutants([path.join(folder, "nested")]);
    const outcomes = tallySample([first!, second!], statusesByKey(reportOf([[first!, "Killed"], [second!, "Survived"]])));
    expect(outcomes.map((o) => [o.group, o.killed, o.survived])).toEqual([
      [folder, 1, 0],
      [path.join(folder, "nested"), 0, 1],
    ]);
  });

  it("gives no score when no sampled mutant ran", async () => {
    const [only] = await enumerateMutants([clamp]);
    const [outcome] = tallySample([only!], statusesByKey(reportOf([[only!, "Ignored"]])));
    expect(outcome).toMatchObject({ sampled: 1, ignored: 1, score: undefined, survivors: [] });
  });
});
