/**
 * Times through the whole path: uploaded as LC objects, merged by the service (applyChanges over
 * a filesystem bucket), stored as Unix seconds, and exported flat and as CSV (time_utc). README
 * "Master light curves": the flat export gives back the same instant to the microsecond, in the
 * PANOPTES form (six fractional digits), so a PANOPTES time comes back byte for byte; a time that
 * could not come back so is rejected at validation, naming the point.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyChanges } from "../../../runtime/combiner/applyChanges.js";
import { formatExport } from "../../../runtime/combiner/exportMasterLightCurve.js";
import { parseLightCurveSegment } from "../../../runtime/core/lightCurveSegment.js";
import { loadMasterLightCurve } from "../../../runtime/core/loadMasterLightCurve.js";
import { isoToUnixMicros, unixSecondsToIso } from "../../../runtime/core/time.js";
import { TEST_PIC } from "../core/testSegments.js";
import { scratchBuckets } from "./mergeFixtures.js";

const freshStore = scratchBuckets("piaa-export-times-");

const point = { exptime: 100, R: 1.01, G: 1.0, B: 0.98, sig_r: 0.01, sig_g: 0.006, sig_b: 0.017 };
const objectStarting = (start: string) => `LC/${TEST_PIC}/PAN001/100001/${start}.json`;

/** Uploads one segment of `times`, merges it as the service does, exports it flat and as CSV. */
async function roundTrip(start: string, times: readonly string[]): Promise<{ flat: string[]; csv: string[] }> {
  const store = freshStore();
  const object = objectStarting(start);
  const { generation } = await store.put(object, Buffer.from(JSON.stringify(times.map((time) => ({ time, ...point })))));
  const { outcomes } = await applyChanges(store, TEST_PIC, [{ object, generation, eventType: "OBJECT_FINALIZE" }]);
  expect(outcomes[0]!.outcome).toBe("merged");
  const { mlc, generation: mlcGeneration } = await loadMasterLightCurve(store, TEST_PIC);
  const flat = (JSON.parse(formatExport(mlc, "flat", { mlcGeneration: mlcGeneration! }) as string) as { time: string }[]).map((p) => p.time);
  const lines = (formatExport(mlc, "csv", { mlcGeneration: mlcGeneration! }) as string).split("\n").filter((l) => l !== "" && !l.startsWith("#"));
  const column = lines[0]!.split(",").indexOf("time_utc");
  return { flat, csv: lines.slice(1).map((l) => l.split(",")[column]!) };
}

const sameInstants = (exported: readonly string[], uploaded: readonly string[]) =>
  expect(exported.map((t) => isoToUnixMicros(t))).toEqual([...uploaded].map((t) => isoToUnixMicros(t)).sort((a, b) => a! - b!));

describe("exported times", () => {
  it("come back as the uploaded instants, fractions that binary cannot hold included, PANOPTES forms byte for byte", async () => {
    const start = "2016-07-02T09:18:28.837000";
    // 1 to 6 fractional digits; .3 and .7 are no binary fraction (0.1 + 0.2 !== 0.3), .5 is; the last microsecond of a second.
    const unusual = ["2016-07-02T09:20:12.5", "2016-07-02T09:20:13.3", "2016-07-02T09:20:14.70", "2016-07-02T09:20:15.000001", "2016-07-02T09:20:16.999999", "2016-07-02T09:20:17"];
    const panoptes = ["2016-07-02T09:18:28.837000", "2016-07-02T10:00:00.100000", "2016-07-02T11:00:00.300000", "2016-07-03T01:18:28.836999"];
    const { flat, csv } = await roundTrip(start, [...unusual, ...panoptes]);
    sameInstants(flat, [...unusual, ...panoptes]);
    expect(csv).toEqual(flat);
    for (const time of panoptes) expect(flat).toContain(time);
    expect(flat).toContain("2016-07-02T09:20:12.500000");
    expect(flat).toContain("2016-07-02T09:20:17.000000");
  });

  it("keep every microsecond at the ends of the years a segment may have (1999 and 2099)", async () => {
    const early = await roundTrip("1999-01-01T00:00:00.000000", ["1999-01-01T00:00:00.000001", "1999-01-01T00:00:00.999999", "1999-01-01T15:59:59.5"]);
    sameInstants(early.flat, ["1999-01-01T00:00:00.000001", "1999-01-01T00:00:00.999999", "1999-01-01T15:59:59.5"]);
    const late = await roundTrip("2099-12-31T08:00:00.000000", ["2099-12-31T08:00:00.000001", "2099-12-31T23:59:59.999999", "2099-12-31T12:00:00.3"]);
    expect(late.flat).toEqual(["2099-12-31T08:00:00.000001", "2099-12-31T12:00:00.300000", "2099-12-31T23:59:59.999999"]);
  });

  it("keep every microsecond of any time of 1999 to 2099 through the stored double (property)", () => {
    const earliest = Date.UTC(1999, 0, 1) * 1000;
    const latest = Date.UTC(2100, 0, 1) * 1000 - 1;
    fc.assert(
      fc.property(fc.integer({ min: earliest, max: latest }), (micros) => {
        const stored = JSON.parse(JSON.stringify(micros / 1e6)) as number; // as the MLC document holds it
        expect(isoToUnixMicros(unixSecondsToIso(stored))).toBe(micros);
      }),
      { numRuns: 5_000 },
    );
  });

  it("are rejected at validation, naming point and field, when they could not come back as the same instant", () => {
    const upload = (start: string, time: string) => () => parseLightCurveSegment(objectStarting(start), JSON.stringify([{ time: start, ...point }, { time, ...point }]));
    // 2108 lies beyond 2^32 s: 2108-08-24T11:15:27.164145 would come back as ….164146.
    expect(upload("2108-08-24T11:00:00.000000", "2108-08-24T11:15:27.164145")).toThrow(/point 0.*time.*outside 1999 to 2099/);
    // Before the leap-second table of the BJD_TDB exports.
    expect(upload("1998-12-31T20:00:00.000000", "1998-12-31T20:00:00.5")).toThrow(/outside 1999 to 2099/);
    // Seven fractional digits: finer than the microsecond an MLC keeps.
    expect(upload("2016-07-02T09:18:28.837000", "2016-07-02T09:20:12.0000001")).toThrow(/point 1.*time.*must be a UTC time/);
  });
});
