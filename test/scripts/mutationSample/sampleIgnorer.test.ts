import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Instrumenter } from "@stryker-mutator/instrumenter";
import type { Logger } from "@stryker-mutator/api/logging";
import type { Ignorer } from "@stryker-mutator/api/ignore";
import { afterAll, describe, expect, it, vi } from "vitest";
import { enumerateMutants, mutantKey, type EnumeratedMutant } from "../../../scripts/mutationSample/enumerateMutants.js";
import { strykerPlugins } from "../../../scripts/mutationSample/sampleIgnorer.mjs";

const root = mkdtempSync(path.join(tmpdir(), "piaa-ignorer-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
// A function whose body nests an if, a comparison and a string: a sampled body selects them all.
const source = 'export function grade(x: number): string {\n  if (x > 10) {\n    return "high";\n  }\n  return x < 0 ? "negative" : "low";\n}\n';
const file = path.join(root, "grade.ts");
writeFileSync(file, source);
const logger = { isDebugEnabled: () => false, debug() {}, info() {}, warn() {} } as unknown as Logger;

/** The mutants Stryker's instrumenter makes when `mutate` holds the sampled nodes' ranges, with and without the ignorer. */
async function instrumentSample(sample: EnumeratedMutant[]) {
  const relative = path.relative(process.cwd(), file);
  const nodesFile = path.join(root, "nodes.json");
  writeFileSync(nodesFile, JSON.stringify({ [relative]: sample.map(({ start, end }) => [start.line + 1, start.column, end.line + 1, end.column]) }));
  // The ranges as main.ts passes them and Stryker's project reader turns them into (0-based lines).
  const mutate = sample.map(({ start, end }) => ({ start, end }));
  const ignorer = strykerPlugins[0]!.value as Ignorer;
  vi.stubEnv("PIAA_MUTATE_SAMPLE", nodesFile);
  try {
    const run = (ignorers: Ignorer[]) =>
      new Instrumenter(logger).instrument([{ name: file, content: source, mutate }], { plugins: null, excludedMutations: [], ignorers }).then((r) => r.mutants);
    return { without: await run([]), withIgnorer: await run([ignorer]) };
  } finally {
    vi.unstubAllEnvs();
  }
}

const keyOf = (m: { fileName: string; mutatorName: string; replacement: string; location: { start: { line: number; column: number }; end: { line: number; column: number } } }) =>
  mutantKey({ fileName: path.relative(process.cwd(), m.fileName), mutatorName: m.mutatorName, replacement: m.replacement, start: m.location.start, end: m.location.end });

describe("the piaa-sample ignorer", () => {
  it("keeps the sampled mutants, a nested sampled one included, and leaves out the rest of the sampled body", async () => {
    const all = await enumerateMutants([path.relative(process.cwd(), file)]);
    const body = all.find((m) => m.mutatorName === "BlockStatement" && m.start.line === 0)!;
    const nested = all.find((m) => m.mutatorName === "EqualityOperator" && m.replacement === "x <= 0")!;
    const { without, withIgnorer } = await instrumentSample([body, nested]);
    const run = withIgnorer.filter((m) => m.status !== "Ignored").map(keyOf);
    expect(run).toContain(mutantKey(body));
    expect(run).toContain(mutantKey(nested));
    // Without it the range of the body brings every mutant of the function.
    expect(without.length).toBe(all.length);
    // With it: the two sampled nodes' mutants, and those of the nodes between them (the return
    // statement and the conditional expression holding the comparison), not the if or the strings.
    expect(run.length).toBeLessThan(all.length);
    const leftOut = withIgnorer.filter((m) => m.status === "Ignored");
    expect(leftOut.map((m) => m.replacement)).toEqual(expect.arrayContaining(['""', "x >= 10"]));
    expect(leftOut.every((m) => m.statusReason === "not in the sample")).toBe(true);
  });
});
