import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCommand } from "../../../runtime/analysis/analyzeCommand.js";
import { completenessCommand } from "../../../runtime/analysis/completenessCommand.js";
import { depthAtHalfCompleteness, parseCompletenessResult } from "../../../runtime/analysis/completenessResult.js";
import { readStarIndexShard, shardOf } from "../../../runtime/analysis/starIndex.js";
import { completenessName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { writeSyntheticStars } from "../dashboard/syntheticStars.js";

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, output: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

// Three 4-h nights: the smallest light curve with a period grid (0.5 d to half the baseline).
const star = { pic: "PIC_J1632291+190441", nights: 3, exposures: 144, seed: 3 };

describe("piaa completeness", () => {
  let root: string;
  let store: FsObjectStore;
  const bucket = () => path.join(root, "bucket");

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-completeness-cli-"));
    store = new FsObjectStore({ root: bucket() });
    await writeSyntheticStars(store, [star]);
    await analyzeCommand(capture().output).parseAsync([star.pic, "--bucket", bucket()], { from: "user" });
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stores the three measures for the MLC generation and seed, and puts the 50 % depth on the index row", async () => {
    const { out, output } = capture();
    await completenessCommand(output).parseAsync([star.pic, "--bucket", bucket(), "--trials", "12", "--seed", "5", "--json"], { from: "user" });
    const printed = JSON.parse(out.stdout);
    const stored = parseCompletenessResult(completenessName(star.pic), (await store.get(completenessName(star.pic))).data);
    expect(stored).toEqual(printed);
    expect(stored).toMatchObject({ pic: star.pic, seed: 5, trials: 12, ownCandidate: null });
    expect(stored.suppression.map((s) => s.durationHours)).toEqual([1, 2, 3, 4]);
    expect(stored.transfer[0]!.periodHours).toBe(0.5);
    expect(stored.transfer.at(-1)!.periodHours).toBe(72);
    expect(stored.cells.reduce((sum, c) => sum + c.trials, 0)).toBe(12);
    const row = (await readStarIndexShard(store, shardOf(star.pic))).rows.get(star.pic)!;
    expect(row.mlcGeneration).toBe(stored.mlcGeneration);
    expect(row.halfCompletenessDepth).toEqual(depthAtHalfCompleteness(stored));
  });

  it("reuses the stored result for the same generation, seed and trials, and reports it", async () => {
    const before = await store.stat(completenessName(star.pic));
    const { out, output } = capture();
    await completenessCommand(output).parseAsync([star.pic, "--bucket", bucket(), "--trials", "12", "--seed", "5"], { from: "user" });
    expect((await store.stat(completenessName(star.pic))).generation).toBe(before.generation);
    expect(out.stdout).toMatch(/completeness\.json: up to date for MLC generation \d+/);
    expect(out.stdout).toMatch(/suppression \(1 − recovered\/injected depth\): 1 h -?\d+\.\d %/);
    expect(out.stderr).toBe("");
  });

  it.each([
    [["--trials", "0"], /--trials must be a positive integer/],
    [["--seed", "x"], /--seed must be an integer/],
  ])("rejects %j", async (args, message) => {
    await expect(completenessCommand(capture().output).parseAsync([star.pic, "--bucket", bucket(), ...args], { from: "user" })).rejects.toThrow(message);
  });

  it("names the star when it has no light curve", async () => {
    await expect(completenessCommand(capture().output).parseAsync(["PIC_J0326137+295015", "--bucket", bucket()], { from: "user" })).rejects.toThrow(/PIC_J0326137\+295015/);
  });
});
