import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAnalysisDocument } from "../../../runtime/analysis/analysisDocument.js";
import { encodeAnalysisDocument } from "../../../runtime/analysis/analysisStore.js";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import { rebuildStarIndex } from "../../../runtime/analysis/reindexCommand.js";
import { readStarIndexShard, updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { errorRow } from "../../../runtime/analysis/starIndexRow.js";
import { StoreUnavailableError } from "../../../runtime/core/errors.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { analysisName, masterLightCurveName, starIndexShardName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";
import { storeWithMethod } from "./storeWithMethod.js";

// `piaa reindex` (rebuildStarIndex) on small buckets: it writes only the shards that hold rows,
// takes a stored analysis only when it is of the MLC generation listed, and cannot tell a star
// whose MLC is gone from one it failed to look up, so a failed look-up stops it rather than
// drop the row.
const PIC = "PIC_J0326137+295015"; // shard 3 (FNV-1a, see starIndex.changes.test.ts)
const INDEXED_ELSEWHERE = "PIC_J0000020+000000"; // shard 13, no MLC in the bucket
const at = new Date("2016-07-27T00:00:00Z");
const noProgress = () => undefined;

/** `store` whose `stat` fails as an unavailable bucket would. */
const unavailableStat = (store: ObjectStore) => storeWithMethod(store, "stat", (name) => Promise.reject(new StoreUnavailableError(name, "test outage")));

async function shardObjects(store: ObjectStore): Promise<string[]> {
  const names: string[] = [];
  for await (const object of store.listAll("ANALYSIS/index/")) names.push(object.name);
  return names;
}

describe("rebuildStarIndex", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-reindex-rebuild-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes no shard for an empty bucket, and only the shard of its one star otherwise", async () => {
    const store = new FsObjectStore({ root: path.join(root, "shards") });
    expect(await rebuildStarIndex(store, 2, noProgress, at)).toEqual({ stars: 0, analysed: 0, pending: 0, errors: 0, dropped: 0 });
    expect(await shardObjects(store)).toEqual([]);

    await store.put(masterLightCurveName(PIC), encodeMasterLightCurve(syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 20, seed: 6 })));
    expect(await rebuildStarIndex(store, 2, noProgress, at)).toMatchObject({ stars: 1, pending: 1 });
    expect(await shardObjects(store)).toEqual([starIndexShardName(3)]);
  });

  it("shows a star as pending when its stored analysis is of an older MLC generation, and as analysed when of the current one", async () => {
    const store = new FsObjectStore({ root: path.join(root, "generations") });
    const mlc = syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 40, seed: 7 });
    const analysis = analyzeLightCurve(mlc, { falseAlarm: false });
    const first = await store.put(masterLightCurveName(PIC), encodeMasterLightCurve(mlc));
    await store.put(analysisName(PIC), encodeAnalysisDocument(buildAnalysisDocument(mlc, first.generation, analysis, at)));
    const second = await store.put(masterLightCurveName(PIC), encodeMasterLightCurve(mlc));

    expect(await rebuildStarIndex(store, 1, noProgress, at)).toMatchObject({ analysed: 0, pending: 1 });
    expect((await readStarIndexShard(store, 3)).rows.get(PIC)).toMatchObject({ status: "pending", mlcGeneration: second.generation });

    await store.put(analysisName(PIC), encodeAnalysisDocument(buildAnalysisDocument(mlc, second.generation, analysis, at)));
    expect(await rebuildStarIndex(store, 1, noProgress, at)).toMatchObject({ analysed: 1, pending: 0 });
    expect((await readStarIndexShard(store, 3)).rows.get(PIC)).toMatchObject({ status: "analysed", mlcGeneration: second.generation });
  });

  it("stops, dropping nothing, when it cannot tell whether an indexed star's MLC is gone", async () => {
    const store = new FsObjectStore({ root: path.join(root, "outage") });
    await updateStarIndex(store, [{ pic: INDEXED_ELSEWHERE, row: errorRow(INDEXED_ELSEWHERE, "4", "unreadable", at) }]);
    await expect(rebuildStarIndex(unavailableStat(store), 1, noProgress, at)).rejects.toThrow(StoreUnavailableError);
    expect([...(await readStarIndexShard(store, 13)).rows.keys()]).toEqual([INDEXED_ELSEWHERE]);

    expect(await rebuildStarIndex(store, 1, noProgress, at)).toMatchObject({ stars: 0, dropped: 1 });
    expect((await readStarIndexShard(store, 13)).rows.size).toBe(0);
  });
});
