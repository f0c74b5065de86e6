/**
 * `piaa stars` beyond starsCommand.test.ts: the first and last night come from the segments'
 * start times, not from their order in the document (which is by object name, unit first); a star
 * whose MLC has chunks is listed once, and names under MLC/ that are neither are passed over;
 * --help says what the command lists.
 */
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { listStarSummaries, starsCommand, summarizeStar } from "../../../runtime/combiner/starsCommand.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { lightCurveName } from "../../../runtime/core/objectNames.js";
import { TEST_PIC, testObjectName } from "../core/testSegments.js";
import { runCommand } from "../../piaaCli.js";
import { finalize, pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-stars-listing-");

describe("piaa stars, listing", () => {
  it("takes the first and last night from the start times, whatever the segments' order", () => {
    const mlc = emptyMasterLightCurve(TEST_PIC);
    const segment = (unit: string, start: string) => ({
      object: lightCurveName({ pic: TEST_PIC, unit, camera: "100001", start }),
      generation: "1",
      unit,
      camera: "100001",
      start,
      points: 1,
      median: { R: 1, G: 1, B: 1 },
    });
    // In name order (unit first) the later night comes first.
    mlc.segments.push(segment("PAN001", "2016-07-09T09:00:00.000000"), segment("PAN002", "2016-07-02T09:00:00.000000"), segment("PAN003", "2016-07-05T09:00:00.000000"));
    expect(summarizeStar(mlc)).toMatchObject({ units: 3, firstStart: "2016-07-02T09:00:00.000000", lastStart: "2016-07-09T09:00:00.000000" });
  });

  it("lists a star whose MLC has chunks once, and passes over other names under MLC/", async () => {
    const store = freshStore();
    for (const n of [1, 2]) {
      const object = testObjectName(n);
      await applyChanges(store, TEST_PIC, [finalize(object, await upload(store, object, pts(n * 10)))], { tailPointLimit: 0 });
    }
    await store.put("MLC/README.txt", Buffer.from("notes"));
    const stars = await listStarSummaries(store);
    expect(stars.map((s) => [s.pic, s.points, s.segments])).toEqual([[TEST_PIC, 2, 2]]);
  });

  it("says in --help what it lists", async () => {
    const { stdout } = await runCommand(starsCommand, "--help");
    const help = stdout.replace(/\s+/g, " ");
    expect(help).toMatch(/^Usage: stars \[options\]/);
    expect(help).toContain("list the stars with a master light curve: points, segments, units, nights observed, catalog name");
  });
});
