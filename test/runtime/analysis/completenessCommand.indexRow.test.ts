import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completenessCommand } from "../../../runtime/analysis/completenessCommand.js";
import { writeCompletenessResult, type CompletenessResult } from "../../../runtime/analysis/completenessResult.js";
import { readStarIndexShard, shardOf, updateStarIndexShard } from "../../../runtime/analysis/starIndex.js";
import { pendingRow, type StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";
import { validCompletenessResult } from "./validCompletenessResult.js";

// `piaa completeness` with a result already stored for the star's MLC generation, seed and trials
// (so nothing is computed): what it prints, and which star index row gets the 50 % depth: only an
// analysed row of that same MLC generation (a pending row has no analysis to stand beside; a row of
// another generation describes another light curve), and only when the depth differs.
const PIC = "PIC_J0326137+295015";

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, output: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

/**
 * At P = 3 d, depths 0.1 % and 0.4 % recovered 1 in 4 and 3 in 4: 50 % lies half-way in log depth,
 * at √(0.001 × 0.004) = 0.2 %. The 1-d row has a cell without trials.
 */
function storedResult(mlcGeneration: string): CompletenessResult {
  return validCompletenessResult({
    pic: PIC,
    mlcGeneration,
    seed: 1,
    trials: 14,
    ownCandidate: { periodDays: 1.37, depth: 0.0242 },
    suppression: [{ durationHours: 1, periodDays: 2.1, suppression: 0.031 }, { durationHours: 4, periodDays: 2.1, suppression: null }],
    transfer: [{ periodHours: 0.5, ratio: 0.987, min: 0.98, max: 0.99 }, { periodHours: 72, ratio: null, min: null, max: null }],
    cells: [
      { periodDays: 1, radiusRatio: 0.0316, depth: 0.001, trials: 0, recovered: 0 },
      { periodDays: 1, radiusRatio: 0.0632, depth: 0.004, trials: 6, recovered: 6 },
      { periodDays: 3, radiusRatio: 0.0316, depth: 0.001, trials: 4, recovered: 1 },
      { periodDays: 3, radiusRatio: 0.0632, depth: 0.004, trials: 4, recovered: 3 },
    ],
  });
}

describe("piaa completeness with a stored result", () => {
  let root: string;
  let store: FsObjectStore;
  let generation: string;
  const run = async () => {
    const { out, output } = capture();
    await completenessCommand(output).parseAsync([PIC, "--bucket", root, "--trials", "14", "--seed", "1"], { from: "user" });
    return out;
  };
  const indexRow = async () => (await readStarIndexShard(store, shardOf(PIC))).rows.get(PIC)!;
  const setIndexRow = (row: StarIndexRow) => updateStarIndexShard(store, shardOf(PIC), (rows) => new Map(rows).set(PIC, row));

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-completeness-row-"));
    store = new FsObjectStore({ root });
    const mlc = syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 20, seed: 8 });
    generation = (await store.put(masterLightCurveName(PIC), encodeMasterLightCurve(mlc))).generation;
    await writeCompletenessResult(store, storedResult(generation));
    await setIndexRow(pendingRow(mlc, generation));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("reports the stored result, with n/a where a measure has no value and - for a cell without trials", async () => {
    const out = await run();
    expect(out.stdout).toContain(`: up to date for MLC generation ${generation}`);
    expect(out.stdout).toContain("the star's own candidate (P = 1.37000 d, depth 2.420 %) was masked before injecting");
    expect(out.stdout).toContain("suppression (1 − recovered/injected depth): 1 h 3.1 %, 4 h n/a");
    expect(out.stdout).toContain("transfer function (recovered/injected amplitude): 0.5 h 0.987, 72 h n/a");
    expect(out.stdout).toContain(`       1.00${"-".padStart(9)}${"6/6".padStart(9)}`);
    expect(out.stdout).toContain(`       3.00${"1/4".padStart(9)}${"3/4".padStart(9)}`);
    expect(out.stdout).toContain("50 % completeness near P = 3 d: depth 0.20 % (at P = 3.00 d)");
  });

  it("leaves a pending row and a row of another MLC generation without the 50 % depth, and gives it to the analysed row of this one", async () => {
    await run();
    expect((await indexRow()).halfCompletenessDepth).toBeNull();

    const pending = await indexRow();
    const newer = String(BigInt(generation) + 1n);
    await setIndexRow({ ...pending, status: "analysed", mlcGeneration: newer });
    await run();
    expect((await indexRow()).halfCompletenessDepth).toBeNull();

    await setIndexRow({ ...pending, status: "analysed" });
    await run();
    const depth = (await indexRow()).halfCompletenessDepth!;
    expect(depth.periodDays).toBe(3);
    expect(depth.depth).toBeCloseTo(Math.sqrt(0.001 * 0.004), 12);

    const shard = await readStarIndexShard(store, shardOf(PIC));
    await run();
    expect((await readStarIndexShard(store, shardOf(PIC))).generation).toBe(shard.generation);
  });
});
