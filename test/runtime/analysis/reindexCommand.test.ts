/**
 * `piaa analyze --all` and `piaa reindex` on a bucket: the batch analyses what is not current and
 * nothing else; the index is rebuilt from the MLCs and stored analyses alone (analysed, pending,
 * error rows), dropping stars that are gone and replacing a shard that does not parse.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCommand } from "../../../runtime/analysis/analyzeCommand.js";
import { reindexCommand } from "../../../runtime/analysis/reindexCommand.js";
import { readStarIndexShard, shardOf, STAR_INDEX_SHARDS, updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { pendingRow, type StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { masterLightCurveName, starIndexShardName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { syntheticMasterLightCurve, writeSyntheticStars, type SyntheticStar } from "../dashboard/syntheticStars.js";

const STARS: SyntheticStar[] = [
  { pic: "PIC_J0326137+295015", nights: 2, exposures: 60, seed: 1 },
  { pic: "PIC_J1632291+190441", nights: 2, exposures: 60, seed: 2 },
];
const BROKEN = "PIC_J2203107+185303";
const LATE = "PIC_J0226510+373301";
const GONE = "PIC_J1602118+281010";

function capture() {
  const out = { stdout: "", stderr: "" };
  return { out, output: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) } };
}

async function indexRows(store: FsObjectStore): Promise<Map<string, StarIndexRow>> {
  const rows = new Map<string, StarIndexRow>();
  for (let shard = 0; shard < STAR_INDEX_SHARDS; shard++) for (const [pic, row] of (await readStarIndexShard(store, shard)).rows) rows.set(pic, row);
  return rows;
}

describe("piaa analyze --all and piaa reindex", () => {
  let root: string;
  let store: FsObjectStore;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-reindex-"));
    store = new FsObjectStore({ root });
    await writeSyntheticStars(store, STARS);
    await store.put(masterLightCurveName(BROKEN), Buffer.from("[]"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("analyze --all analyses every star not current, reports the ones it cannot, and skips them all the second time", async () => {
    const first = capture();
    await analyzeCommand(first.output).parseAsync(["--all", "--json", "--concurrency", "2", "--bucket", root], { from: "user" });
    expect(JSON.parse(first.out.stdout)).toEqual({ stars: 3, analysed: 2, current: 0, errors: [{ pic: BROKEN, error: expect.stringMatching(/^invalid document MLC\//) }], removed: 0 });
    const second = capture();
    await analyzeCommand(second.output).parseAsync(["--all", "--bucket", root], { from: "user" });
    expect(second.out.stdout).toMatch(/^3 stars: 0 analysed, 2 already current, 1 could not be analysed\n {2}PIC_J2203107\+185303: invalid document/);
  }, 60_000);

  it("analyze refuses both and neither of a PIC and --all", async () => {
    await expect(analyzeCommand(capture().output).parseAsync(["--bucket", root], { from: "user" })).rejects.toThrow(UsageError);
    await expect(analyzeCommand(capture().output).parseAsync([STARS[0]!.pic, "--all", "--bucket", root], { from: "user" })).rejects.toThrow(/either a PIC id or --all/);
  });

  it("reindex rebuilds the index from the bucket alone", async () => {
    const before = await indexRows(store);
    // A star merged after the analyses, a row of a star whose MLC is gone, and a broken shard.
    const late = syntheticMasterLightCurve({ pic: LATE, nights: 1, exposures: 40, seed: 3 });
    await store.put(masterLightCurveName(LATE), encodeMasterLightCurve(late));
    await updateStarIndex(store, [{ pic: GONE, row: pendingRow(syntheticMasterLightCurve({ pic: GONE, nights: 1, exposures: 10, seed: 4 }), "5") }]);
    const brokenShard = shardOf(STARS[0]!.pic);
    await store.put(starIndexShardName(brokenShard), Buffer.from("{"));

    const run = capture();
    await reindexCommand(run.output).parseAsync(["--json", "--bucket", root], { from: "user" });
    expect(JSON.parse(run.out.stdout)).toEqual({ stars: 4, analysed: 2, pending: 1, errors: 1, dropped: 1 });
    const after = await indexRows(store);
    expect([...after.keys()].sort()).toEqual([...STARS.map((s) => s.pic), BROKEN, LATE].sort());
    for (const { pic } of STARS) expect(after.get(pic)).toEqual(before.get(pic));
    expect(after.get(LATE)).toMatchObject({ status: "pending", points: 80, segments: 2 });
    expect(after.get(BROKEN)).toMatchObject({ status: "error", error: expect.stringMatching(/invalid document/) });
  }, 60_000);
});
