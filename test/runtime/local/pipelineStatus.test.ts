/**
 * `piaa start`'s progress read from a bucket (the start tests read it only after whole runs):
 * segments merged at their current generation, pending, stale, and names that are not counted.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPipelineStatus } from "../../../runtime/local/pipelineStatus.js";
import { emptyMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { lightCurveName, masterLightCurveName } from "../../../runtime/core/objectNames.js";
import { FsObjectStore } from "../../../runtime/core/store/fsObjectStore.js";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

const PIC = "PIC_J0326137+295015";
const lc = (start: string) => lightCurveName({ pic: PIC, unit: "PAN000", camera: "108715", start });

function mlcHolding(segments: { object: string; generation: string; points: number }[]): MasterLightCurve {
  const mlc = emptyMasterLightCurve(PIC, "2026-12-06T00:00:00Z");
  for (const s of segments) {
    mlc.segments.push({ object: s.object, generation: s.generation, unit: "PAN000", camera: "108715", start: "2016-07-24T03:00:00", points: s.points, median: { R: 1, G: 1, B: 1 } });
  }
  return mlc;
}

describe("readPipelineStatus", () => {
  it("counts merged segments at their current generation only, lists the rest pending and MLC entries without their object stale", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "piaa-status-"));
    dirs.push(dir);
    const store = new FsObjectStore({ root: dir });
    const a = await store.put(lc("2016-07-24T03:00:00.000000"), Buffer.from("[]"));
    const b = await store.put(lc("2016-07-24T04:00:00.000000"), Buffer.from("[]"));
    await store.put(lc("2016-07-24T05:00:00.000000"), Buffer.from("[]"));
    await store.put("LC/not-a-segment.txt", Buffer.from("x"));
    const gone = lc("2016-07-23T03:00:00.000000");
    const mlc = mlcHolding([
      { object: a.name, generation: a.generation, points: 40 },
      { object: b.name, generation: `${BigInt(b.generation) + 1n}`, points: 30 }, // merged at another generation
      { object: gone, generation: "7", points: 5 },
    ]);
    await store.put(masterLightCurveName(PIC), Buffer.from(JSON.stringify(mlc)));
    await store.put("MLC/README.txt", Buffer.from("not an MLC"));

    const status = await readPipelineStatus(store);
    expect(status).toEqual({
      segments: 3,
      merged: 1,
      stars: 1,
      points: 75,
      pending: [b.name, lc("2016-07-24T05:00:00.000000")].sort(),
      stale: [b.name, gone],
    });
  });

  it("is all zeros for an empty bucket", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "piaa-status-"));
    dirs.push(dir);
    expect(await readPipelineStatus(new FsObjectStore({ root: dir }))).toEqual({ segments: 0, merged: 0, stars: 0, points: 0, pending: [], stale: [] });
  });
});
