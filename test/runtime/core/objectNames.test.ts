import { describe, expect, it } from "vitest";
import { InvalidObjectNameError } from "../../../runtime/core/errors.js";
import {
  analysisName,
  formatObjectName,
  lightCurveName,
  masterLightCurveChunkName,
  masterLightCurveChunkPrefix,
  masterLightCurveName,
  parseLightCurveName,
  parseObjectName,
  plotName,
  postageStampName,
  starIndexShardName,
  tryParseObjectName,
} from "../../../runtime/core/objectNames.js";

// Names of the 2016 data set (shared/reference/2016-sample) and the longer PIC form of design §3.
const valid = [
  "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json",
  "LC/PIC_J18365633+3847012/PAN012/123456/2016-07-24T10:41:10.772000.json",
  "LC/PIC_J1632291-190441/PAN999/000001/2020-02-29T23:59:59.999999.json",
  "PSC/PAN000/108715/2016-07-02T09:18:28.837000/PIC_J0326137+295015.fits",
  "MLC/PIC_J0326137+295015.json",
  "ANALYSIS/PIC_J18365633+3847012.json",
  "MLC/PIC_J0326137+295015/0123456789abcdef.json",
  "ANALYSIS/PIC_J0326137+295015/1722511200123456/folded.svg",
  "ANALYSIS/index/12.json",
];

describe("object names", () => {
  it.each(valid)("round-trips %s", (name) => {
    expect(formatObjectName(parseObjectName(name))).toBe(name);
  });

  it("parses the parts of a light-curve name", () => {
    expect(parseLightCurveName(valid[0]!)).toEqual({
      kind: "lc",
      pic: "PIC_J0326137+295015",
      unit: "PAN000",
      camera: "108715",
      start: "2016-07-02T09:18:28.837000",
    });
  });

  it("formats each kind from its parts", () => {
    const parts = { pic: "PIC_J0326137+295015", unit: "PAN000", camera: "108715", start: "2016-07-02T09:18:28.837000" };
    expect(lightCurveName(parts)).toBe(valid[0]);
    expect(postageStampName(parts)).toBe(valid[3]);
    expect(masterLightCurveName(parts.pic)).toBe(valid[4]);
    expect(analysisName("PIC_J18365633+3847012")).toBe(valid[5]);
    expect(masterLightCurveChunkName(parts.pic, "0123456789abcdef")).toBe(valid[6]);
    expect(parseObjectName(valid[6]!)).toEqual({ kind: "mlcChunk", pic: parts.pic, id: "0123456789abcdef" });
    expect(valid[6]!.startsWith(masterLightCurveChunkPrefix(parts.pic))).toBe(true);
    expect(plotName(parts.pic, "1722511200123456", "folded", "svg")).toBe(valid[7]);
    expect(parseObjectName(valid[7]!)).toEqual({ kind: "plot", pic: parts.pic, mlcGeneration: "1722511200123456", plot: "folded", format: "svg" });
    expect(starIndexShardName(12)).toBe(valid[8]);
  });

  it.each([
    ["ANALYSIS/PIC_J0326137+295015/7/folded.gif", /plot "folded.gif"/],
    ["ANALYSIS/PIC_J0326137+295015/7/orbit.png", /plot "orbit.png"/],
    ["ANALYSIS/PIC_J0326137+295015/07/folded.png", /MLC generation "07"/],
    ["ANALYSIS/PIC_J0326137+295015/folded.png", /expected ANALYSIS/],
    ["ANALYSIS/index/012.json", /index shard "012"/],
    ["ANALYSIS/index/x.json", /index shard "x"/],
    ["ANALYSIS/PIC_J0326137+295015/7/a/b.png", /expected ANALYSIS/],
    ["MLC/PIC_J0326137+295015.analysis.json", /PIC "PIC_J0326137\+295015.analysis"/],
  ])("rejects %s", (name, message) => {
    expect(() => parseObjectName(name)).toThrow(message);
  });

  it("refuses to format bad parts", () => {
    expect(() => masterLightCurveName("PIC_J../../etc")).toThrow(InvalidObjectNameError);
    expect(() => lightCurveName({ pic: "PIC_J0326137+295015", unit: "PAN0", camera: "108715", start: "x" })).toThrow(
      /unit "PAN0"/,
    );
  });

  const lc = "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json";
  it.each([
    ["wrong prefix", "XLC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json", /does not start with LC\/, PSC\/, MLC\/ or ANALYSIS\//],
    ["dot-dot", "LC/../MLC/PIC_J0326137+295015.json", /"\.\." path part/],
    ["dot", "LC/./PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json", /"\." path part/],
    ["absolute", `/${lc}`, /absolute/],
    ["empty part", "LC/PIC_J0326137+295015//PAN000/108715/2016-07-02T09:18:28.837000.json", /empty path part/],
    ["trailing slash", "MLC/", /empty path part/],
    ["empty", "", /empty name/],
    ["bad unit", lc.replace("PAN000", "PAN00"), /unit "PAN00"/],
    ["bad unit letters", lc.replace("PAN000", "PANABC"), /unit "PANABC"/],
    ["bad camera", lc.replace("108715", "10871"), /camera "10871"/],
    ["bad PIC", lc.replace("PIC_J0326137+295015", "PIC_X0326137+295015"), /PIC "PIC_X0326137\+295015"/],
    ["PIC RA hours ≥ 24", lc.replace("PIC_J0326137+295015", "PIC_J2526137+295015"), /PIC "PIC_J2526137/],
    ["PIC Dec > 90", lc.replace("PIC_J0326137+295015", "PIC_J0326137+915015"), /PIC/],
    ["PIC too many RA digits", lc.replace("PIC_J0326137+295015", "PIC_J032613712+295015"), /PIC/],
    ["bad time", lc.replace("2016-07-02T09:18:28.837000", "2016-07-02 09:18:28"), /start "2016-07-02 09:18:28"/],
    ["impossible date", lc.replace("2016-07-02", "2016-02-30"), /start "2016-02-30/],
    ["time with zone", lc.replace(".837000", ".837000Z"), /start/],
    ["not .json", lc.replace(".json", ".txt"), /does not end in \.json/],
    ["too few parts", "LC/PIC_J0326137+295015/PAN000/2016-07-02T09:18:28.837000.json", /expected LC\/\{pic\}/],
    ["too many parts", lc.replace("PAN000/", "PAN000/extra/"), /expected LC\/\{pic\}/],
    ["control character", lc.replace("PAN000", "PAN\u0007000"), /control character/],
    ["newline", `${lc}\n`, /control character/],
    ["backslash", lc.replace("/PAN000/", "\\PAN000/"), /backslash/],
    ["over-long", `LC/${"a".repeat(1100)}.json`, /longer than 1024 bytes/],
    ["PSC without .fits", valid[3]!.replace(".fits", ".fit"), /does not end in \.fits/],
    ["MLC nested", "MLC/x/PIC_J0326137+295015.json", /PIC "x"/],
    ["MLC too deep", "MLC/PIC_J0326137+295015/a/0123456789abcdef.json", /expected MLC\/\{pic\}\.json/],
    ["chunk id too short", "MLC/PIC_J0326137+295015/0123abcd.json", /chunk id "0123abcd"/],
    ["chunk id not hex", "MLC/PIC_J0326137+295015/0123456789ABCDEF.json", /chunk id/],
  ])("rejects %s", (_label, name, message) => {
    let caught: unknown;
    try {
      parseObjectName(name);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidObjectNameError);
    expect((caught as InvalidObjectNameError).message).toMatch(message);
    expect((caught as InvalidObjectNameError).objectName).toBe(name);
  });

  it("tells PIAA names from other objects in a listing without throwing", () => {
    expect(tryParseObjectName(valid[5]!)).toEqual({ kind: "analysis", pic: "PIC_J18365633+3847012" });
    expect(tryParseObjectName("MLC/notes.txt")).toBeUndefined();
    expect(tryParseObjectName("backup/LC/x.json")).toBeUndefined();
  });

  it("rejects non-segment names where a segment is required", () => {
    expect(() => parseLightCurveName(valid[4]!)).toThrow(/not a light-curve segment/);
  });
});
