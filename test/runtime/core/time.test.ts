import { describe, expect, it } from "vitest";
import { isoToUnixMicros, isoToUnixSeconds, unixMicrosToIso, unixSecondsToIso } from "../../../runtime/core/time.js";

describe("PANOPTES times", () => {
  it("reads zone-less UTC ISO times to the microsecond", () => {
    // 2016-07-02T09:18:28Z is 1467451108 s after the Unix epoch (date -u -d ... +%s).
    expect(isoToUnixMicros("2016-07-02T09:18:28.837000")).toBe(1467451108837000);
    expect(isoToUnixMicros("2016-07-02T09:18:28")).toBe(1467451108000000);
    expect(isoToUnixMicros("2016-07-02T09:18:28.5")).toBe(1467451108500000);
  });

  it.each(["2016-07-02", "2016-07-02T09:18:28Z", "2016-13-01T00:00:00", "2016-02-30T00:00:00", "2016-07-02T24:00:00", "x"])(
    "rejects %j",
    (iso) => {
      expect(isoToUnixMicros(iso)).toBeUndefined();
      expect(() => isoToUnixSeconds(iso)).toThrow(RangeError);
    },
  );

  it("survives the round trip through Unix seconds for every microsecond pattern", () => {
    for (const iso of ["2016-07-02T12:01:22.018728", "2016-07-02T10:49:33.654308", "2026-11-26T23:59:59.999999", "1999-12-31T00:00:00.000001"]) {
      expect(unixSecondsToIso(isoToUnixSeconds(iso))).toBe(iso);
      expect(unixMicrosToIso(isoToUnixMicros(iso)!)).toBe(iso);
    }
  });
});
