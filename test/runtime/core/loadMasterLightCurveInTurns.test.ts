/**
 * loadMasterLightCurve with `nextTurn` (the dashboard's downloads): the same MLC as the plain
 * read, point for point, with the work cut into many turns (each chunk's decode, and slices of
 * the assembly), none of which covers the whole MLC.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { chunkMasterLightCurve, DEFAULT_TAIL_POINT_LIMIT } from "../../../runtime/core/masterLightCurveChunk.js";
import { encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const PIC = "PIC_J0326137+295015";

describe("loadMasterLightCurve in turns", () => {
  let root: string;
  let store: FsObjectStore;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "piaa-load-turns-"));
    store = new FsObjectStore({ root });
    const { mlc, chunks } = chunkMasterLightCurve(syntheticMasterLightCurve({ pic: PIC, nights: 20, exposures: 288, seed: 4 }), DEFAULT_TAIL_POINT_LIMIT);
    for (const chunk of chunks) await store.put(chunk.name, chunk.bytes);
    await store.put(masterLightCurveName(PIC), encodeMasterLightCurve(mlc));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("gives the plain read's MLC, in many turns", async () => {
    const plain = await loadMasterLightCurve(store, PIC);
    let turns = 0;
    const inTurns = await loadMasterLightCurve(store, PIC, { concurrency: 1, nextTurn: async () => void (turns += 1) });
    expect(inTurns).toEqual(plain);
    expect(plain.mlc.points.time).toHaveLength(20 * 2 * 288);
    // 5 chunks of 2,000+ points, 11,520 points assembled 5,000 at a time, then 9 columns.
    expect(turns).toBeGreaterThanOrEqual(5 + 2 + 9);
  });
});
