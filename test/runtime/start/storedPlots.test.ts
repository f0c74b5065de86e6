/**
 * The end of `piaa start` (storedPlots.ts): when the analyzer has caught up, and which plots are
 * copied where. The rows are written directly (analysedBucket.ts), in shards 0 and 15 too, so the
 * whole index is read.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { shardOf, STAR_INDEX_SHARDS } from "../../../runtime/analysis/starIndex.js";
import { plotName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { openObjectStore } from "../../../runtime/core/store/openObjectStore.js";
import { copyStoredPlots, readAnalysisProgress } from "../../../runtime/start/storedPlots.js";
import { indexRow, plotBytes, writeAnalysedStar, writeMlc, writePlots, writeRow } from "./analysedBucket.js";

/** In the first and the last shard of the index. */
const FIRST_SHARD_PIC = "PIC_J11000000+100000";
const LAST_SHARD_PIC = "PIC_J14300000+200000";
const OTHER_PIC = "PIC_J01000000+100000";

let dir: string;
let store: ObjectStore;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "piaa-stored-plots-"));
  store = openObjectStore(path.join(dir, "bucket"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readAnalysisProgress", () => {
  it("reads rows from every shard of the index", async () => {
    expect([shardOf(FIRST_SHARD_PIC), shardOf(LAST_SHARD_PIC)]).toEqual([0, STAR_INDEX_SHARDS - 1]);
    await writeAnalysedStar(store, FIRST_SHARD_PIC);
    await writeAnalysedStar(store, LAST_SHARD_PIC);
    const progress = await readAnalysisProgress(store);
    expect(progress.stars).toBe(2);
    expect(progress.done.map((row) => row.pic).sort()).toEqual([FIRST_SHARD_PIC, LAST_SHARD_PIC].sort());
  });

  it("counts a star done when its row is analysed or an error at its MLC's generation, not when pending or behind", async () => {
    await writeAnalysedStar(store, FIRST_SHARD_PIC);
    await writeRow(store, indexRow(LAST_SHARD_PIC, "error", await writeMlc(store, LAST_SHARD_PIC)));
    await writeRow(store, indexRow(OTHER_PIC, "pending", await writeMlc(store, OTHER_PIC)));
    const progress = await readAnalysisProgress(store);
    expect(progress.stars).toBe(3);
    expect(progress.done.map((row) => [row.pic, row.status]).sort()).toEqual([[FIRST_SHARD_PIC, "analysed"], [LAST_SHARD_PIC, "error"]].sort());

    // New data merged into the analysed star's MLC: its row is one generation behind until re-analysed.
    await writeMlc(store, FIRST_SHARD_PIC);
    expect((await readAnalysisProgress(store)).done.map((row) => row.pic)).toEqual([LAST_SHARD_PIC]);
  });

  it("counts stars by their MLC documents only: index rows without an MLC and other objects under MLC/ are no stars", async () => {
    await writeAnalysedStar(store, FIRST_SHARD_PIC);
    await writeRow(store, indexRow(OTHER_PIC, "analysed", "7"));
    await store.put("MLC/notes.txt", Buffer.from("not a master light curve"));
    expect(await readAnalysisProgress(store)).toMatchObject({ stars: 1, done: [expect.objectContaining({ pic: FIRST_SHARD_PIC })] });
  });

  it("is zero of zero on an empty bucket", async () => {
    expect(await readAnalysisProgress(store)).toEqual({ stars: 0, done: [] });
  });
});

describe("copyStoredPlots", () => {
  it("writes every plot of each analysed star as {pic}.{plot}.{format}, from the row's MLC generation, and skips error rows", async () => {
    const older = await writeAnalysedStar(store, FIRST_SHARD_PIC);
    const current = await writeMlc(store, FIRST_SHARD_PIC);
    await writePlots(store, FIRST_SHARD_PIC, current);
    const failed = indexRow(OTHER_PIC, "error", await writeMlc(store, OTHER_PIC));
    const outDir = path.join(dir, "plots", "nested");

    const files = await copyStoredPlots(store, [indexRow(FIRST_SHARD_PIC, "analysed", current), failed], outDir);

    expect(files).toBe(4);
    expect((await readdir(outDir)).sort()).toEqual(
      [`${FIRST_SHARD_PIC}.folded.png`, `${FIRST_SHARD_PIC}.folded.svg`, `${FIRST_SHARD_PIC}.lightcurve.png`, `${FIRST_SHARD_PIC}.lightcurve.svg`].sort(),
    );
    for (const [kind, format] of [["lightcurve", "svg"], ["folded", "png"]] as const) {
      const copied = await readFile(path.join(outDir, `${FIRST_SHARD_PIC}.${kind}.${format}`), "utf8");
      expect(copied).toBe(plotBytes(FIRST_SHARD_PIC, current, kind, format));
      expect(copied).not.toBe(plotBytes(FIRST_SHARD_PIC, older, kind, format));
    }
  });

  it("counts the files of every analysed star and creates the directory even when there is nothing to copy", async () => {
    const rows = [];
    for (const pic of [FIRST_SHARD_PIC, LAST_SHARD_PIC]) rows.push(indexRow(pic, "analysed", await writeAnalysedStar(store, pic)));
    expect(await copyStoredPlots(store, rows, path.join(dir, "all"))).toBe(8);
    expect(await copyStoredPlots(store, [], path.join(dir, "none"))).toBe(0);
    expect(await readdir(path.join(dir, "none"))).toEqual([]);
  });

  it("fails naming the plot object when an analysed row's plots are missing", async () => {
    const generation = await writeMlc(store, OTHER_PIC);
    await expect(copyStoredPlots(store, [indexRow(OTHER_PIC, "analysed", generation)], path.join(dir, "plots"))).rejects.toThrow(
      plotName(OTHER_PIC, generation, "lightcurve", "png"),
    );
  });
});
