/**
 * `piaa stars` in process (commandLine.test.ts runs it as a child process, where mutation testing
 * cannot see it): what each star's summary counts, the table's layout, and the JSON and empty
 * bucket outputs.
 */
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { formatStars, listStarSummaries, starsCommand, summarizeStar, type StarSummary } from "../../../runtime/combiner/starsCommand.js";
import { catalogStarOf } from "../../../runtime/core/catalog.js";
import { emptyMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { TEST_PIC, testObjectName } from "../core/testSegments.js";
import { finalize, pts, scratchBuckets, upload } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-stars-");
const DAY_S = 86_400;
const HD189733 = catalogStarOf("HD 189733")!;

/** Merges segments (object, points, seconds from the night start to the first point) into their star's MLC. */
async function merge(store: ObjectStore, pic: string, segments: [object: string, points: number, fromS?: number][]): Promise<void> {
  for (const [object, points, fromS = 0] of segments) await upload(store, object, pts(...Array.from({ length: points }, (_, i) => fromS + i * 60)));
  await applyChanges(store, pic, segments.map(([object]) => finalize(object)));
}

async function run(args: string[]): Promise<string> {
  let stdout = "";
  await starsCommand({ stdout: (text) => void (stdout += String(text)), stderr: () => undefined }).parseAsync(args, { from: "user" });
  return stdout;
}

describe("piaa stars", () => {
  it("summarizes points, segments, distinct units and the first and last night, with the catalog name", async () => {
    const store = freshStore();
    const late = testObjectName(2, { startOffsetS: 3 * DAY_S });
    const sameUnit = testObjectName(1001, { startOffsetS: DAY_S });
    await merge(store, TEST_PIC, [
      [late, 2, 3 * DAY_S],
      [testObjectName(1), 3],
      [sameUnit, 1, DAY_S],
    ]);
    await merge(store, HD189733.pic, [[testObjectName(5, { pic: HD189733.pic }), 4]]);
    const stars = await listStarSummaries(store);
    expect(stars.map((s) => s.pic)).toEqual([TEST_PIC, HD189733.pic].sort());
    const mine = stars.find((s) => s.pic === TEST_PIC)!;
    expect(mine).toEqual({
      pic: TEST_PIC,
      name: null,
      points: 6,
      segments: 3,
      units: 2,
      firstStart: "2016-07-02T09:18:28.837000",
      lastStart: "2016-07-05T09:18:28.837000",
      mlc: `MLC/${TEST_PIC}.json`,
    });
    expect(stars.find((s) => s.pic === HD189733.pic)).toMatchObject({ name: "HD 189733", points: 4, segments: 1, units: 1 });
  });

  it("gives a star with no segment merged no nights", () => {
    expect(summarizeStar(emptyMasterLightCurve(TEST_PIC))).toMatchObject({ points: 0, segments: 0, units: 0, firstStart: null, lastStart: null });
  });

  it("lines the table up: text columns left, counts right, nights as first..last day", () => {
    const star = (pic: string, name: string | null, points: number, firstStart: string | null, lastStart: string | null): StarSummary => ({
      pic,
      name,
      points,
      segments: 12,
      units: 3,
      firstStart,
      lastStart,
      mlc: `MLC/${pic}.json`,
    });
    expect(formatStars([star("PIC_A", "HD 1", 123456, "2016-07-02T09:18:28", "2016-08-01T01:00:00"), star("PIC_BB", null, 7, null, null)])).toBe(
      [
        "PIC     name  points  segments  units  observed",
        "PIC_A   HD 1  123456        12      3  2016-07-02..2016-08-01",
        "PIC_BB             7        12      3  –..–",
        "",
      ].join("\n"),
    );
  });

  it("prints the table, the summaries as JSON, or how to make MLCs in an empty bucket", async () => {
    const store = freshStore();
    const bucket = store.url;
    expect(await run(["--bucket", bucket])).toBe(`no master light curves in bucket ${bucket} yet (piaa start, or piaa simulate then piaa reconcile, makes them)\n`);
    expect(await run(["--bucket", bucket, "--json"])).toBe("[]\n");
    await merge(store, TEST_PIC, [[testObjectName(1), 2]]);
    expect(await run(["--bucket", bucket])).toBe(formatStars(await listStarSummaries(store)));
    expect(JSON.parse(await run(["--bucket", bucket, "--json"]))).toEqual(await listStarSummaries(store));
  });
});
