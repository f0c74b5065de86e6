/**
 * Edges of the object-name grammar (design §3) that objectNames.test.ts leaves open: the exact
 * reason each refusal gives (the CLI and the HTTP error bodies print it as the fix to make),
 * the size and character limits of a GCS object name, generations and index shards at their
 * bounds, and a formatted name that parses as another kind.
 */
import { describe, expect, it } from "vitest";
import { InvalidObjectNameError } from "../../../runtime/core/errors.js";
import {
  assertSafeObjectName,
  formatObjectName,
  isGeneration,
  isValidStart,
  lightCurvePrefix,
  masterLightCurveChunkPrefix,
  MAX_OBJECT_NAME_BYTES,
  parseLightCurveName,
  parseObjectName,
  starIndexShardName,
  tryParseObjectName,
} from "../../../runtime/core/objectNames.js";

const PIC = "PIC_J0326137+295015";
const START = "2016-07-02T09:18:28.837000";
const LC = `LC/${PIC}/PAN000/108715/${START}.json`;
const PSC = `PSC/PAN000/108715/${START}/${PIC}.fits`;

/** The InvalidObjectNameError `parse` throws for `name`, checked to name that object. */
function refusal(name: string, parse: (name: string) => unknown = parseObjectName): string {
  try {
    parse(name);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidObjectNameError);
    expect((error as InvalidObjectNameError).objectName).toBe(name);
    return (error as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

const reason = (name: string, text: string): string => `invalid object name ${JSON.stringify(name)}: ${text}`;

describe("object-name refusals give the whole reason", () => {
  it.each([
    [LC.replace("PAN000", "PAN00"), 'unit "PAN00" is not PAN followed by 3 digits'],
    [LC.replace("108715", "1087150"), 'camera "1087150" is not 6 digits'],
    [LC.replace(START, "2016-07-02T09:18:28"), 'start "2016-07-02T09:18:28" is not a UTC time like 2016-07-24T10:41:10.772000'],
    [LC.replace(PIC, "PIC_J0326137"), 'PIC "PIC_J0326137" is not PIC_J + sexagesimal coordinates like PIC_J0326137+295015'],
    [LC.replace(".json", ".fits"), "does not end in .json"],
    [`LC/${PIC}/PAN000/${START}.json`, "expected LC/{pic}/{unit}/{camera}/{start}.json"],
    [`MLC/${PIC}.fits`, "does not end in .json"],
    [`MLC/${PIC}/0123456789abcdef/x.json`, "expected MLC/{pic}.json or MLC/{pic}/{id}.json"],
    [`MLC/${PIC}/0123456789abcdeg.json`, 'chunk id "0123456789abcdeg" is not 16 to 64 lowercase hex digits'],
    [`PSC/PAN000/108715/${START}.fits`, "expected PSC/{unit}/{camera}/{start}/{pic}.fits"],
    [PSC.replace(".fits", ".json"), "does not end in .fits"],
    [`ANALYSIS/${PIC}.png`, "does not end in .json"],
    ["ANALYSIS/index/10000.json", 'index shard "10000" is not a number from 0 to 9999'],
    ["ANALYSIS/index/7.png", "does not end in .json"],
    [`ANALYSIS/${PIC}/0/folded.png`, 'MLC generation "0" is not a generation number'],
    [`ANALYSIS/${PIC}/7/folded.png.png`, 'plot "folded.png.png" is not one of lightcurve, folded with .png or .svg'],
    [`ANALYSIS/${PIC}/7/folded`, 'plot "folded" is not one of lightcurve, folded with .png or .svg'],
    ["OTHER/x.json", "does not start with LC/, PSC/, MLC/ or ANALYSIS/"],
    // One part too many under the index and beside the completeness result: read as a plot name.
    ["ANALYSIS/index/12.json/folded.png", 'PIC "index" is not PIC_J + sexagesimal coordinates like PIC_J0326137+295015'],
    [`ANALYSIS/${PIC}/completeness.json/folded.png`, 'MLC generation "completeness.json" is not a generation number'],
    ["/MLC/x.json", "is absolute (starts with /)"],
    ["MLC\\x.json", "contains a backslash"],
    ["MLC/\u0000.json", "contains a control character"],
  ])("%s", (name, text) => {
    expect(refusal(name)).toBe(reason(name, text));
  });

  it("names the missing LC/ prefix where only a segment will do", () => {
    expect(refusal(`MLC/${PIC}.json`, parseLightCurveName)).toBe(reason(`MLC/${PIC}.json`, "is not a light-curve segment (not under LC/)"));
    expect(refusal(`LC/${PIC}/PAN000/${START}.json`, parseLightCurveName)).toBe(
      reason(`LC/${PIC}/PAN000/${START}.json`, "expected LC/{pic}/{unit}/{camera}/{start}.json"),
    );
  });

  it("checks each part of a postage-stamp name", () => {
    expect(refusal(PSC.replace("PAN000", "PAN0000"))).toMatch(/unit "PAN0000"/);
    expect(refusal(PSC.replace("108715", "10871a"))).toMatch(/camera "10871a"/);
    expect(refusal(PSC.replace(START, "2016-13-02T09:18:28.837000"))).toMatch(/start "2016-13-02T09:18:28.837000"/);
    expect(refusal(PSC.replace(PIC, "PIC_J0326137+995015"))).toMatch(/PIC "PIC_J0326137\+995015"/);
    expect(parseObjectName(PSC)).toEqual({ kind: "psc", unit: "PAN000", camera: "108715", start: START, pic: PIC });
  });

  it("checks the PIC of analysis documents and completeness results", () => {
    expect(refusal("ANALYSIS/PIC_J9926137+295015.json")).toMatch(/PIC "PIC_J9926137\+295015"/);
    expect(refusal("ANALYSIS/PIC_J9926137+295015/completeness.json")).toMatch(/PIC "PIC_J9926137\+295015"/);
    expect(refusal("ANALYSIS/PIC_J9926137+295015/7/folded.png")).toMatch(/PIC "PIC_J9926137\+295015"/);
    expect(refusal("MLC/PIC_J9926137+295015/0123456789abcdef.json")).toMatch(/PIC "PIC_J9926137\+295015"/);
  });
});

describe("what a GCS object name may hold", () => {
  it(`takes ${MAX_OBJECT_NAME_BYTES} bytes of UTF-8 and refuses one more, counting bytes, not characters`, () => {
    const at = (bytes: number) => `x/${"a".repeat(bytes - 2)}`;
    expect(assertSafeObjectName(at(1024))).toHaveLength(2);
    expect(refusal(at(1025), assertSafeObjectName)).toBe(reason(at(1025), "longer than 1024 bytes"));
    // 600 two-byte characters: 600 UTF-16 units, 1,200 bytes.
    const wide = `x/${"é".repeat(600)}`;
    expect(refusal(wide, assertSafeObjectName)).toMatch(/longer than 1024 bytes/);
  });

  it.each([
    ["NUL", "\u0000"],
    ["unit separator (last C0)", "\u001f"],
    ["DEL", "\u007f"],
    ["last C1 control", "\u009f"],
  ])("refuses the control character %s", (_label, char) => {
    expect(refusal(`x/a${char}b`, assertSafeObjectName)).toMatch(/contains a control character$/);
  });

  it("accepts the printable characters around the control ranges", () => {
    expect(assertSafeObjectName("x/a b~\u00a0é")).toEqual(["x", "a b~\u00a0é"]);
  });

  it("names the dot part it refuses", () => {
    expect(refusal("x/./y", assertSafeObjectName)).toBe(reason("x/./y", 'has a "." path part'));
    expect(refusal("x/../y", assertSafeObjectName)).toBe(reason("x/../y", 'has a ".." path part'));
    expect(assertSafeObjectName("x/.../y")).toEqual(["x", "...", "y"]);
  });

  it("refuses what is not a string as an empty name", () => {
    expect(() => assertSafeObjectName(undefined as unknown as string)).toThrow(/"undefined": empty name/);
    expect(tryParseObjectName(null as unknown as string)).toBeUndefined();
  });
});

describe("numbers inside names", () => {
  it.each([
    ["1", true],
    ["9", true],
    ["1732617600123456789", true],
    ["1".repeat(25), true],
    ["1".repeat(26), false],
    ["0", false],
    ["01", false],
    ["", false],
    ["12a", false],
    ["a12", false],
    [" 12", false],
    ["-1", false],
  ])("isGeneration(%j) → %s", (text, expected) => {
    expect(isGeneration(text)).toBe(expected);
  });

  it.each([
    ["0", 0],
    ["7", 7],
    ["10", 10],
    ["9999", 9999],
  ])("index shard %s parses as %d and formats back", (text, shard) => {
    const name = `ANALYSIS/index/${text}.json`;
    expect(parseObjectName(name)).toEqual({ kind: "starIndex", shard });
    expect(starIndexShardName(shard)).toBe(name);
  });

  it.each(["00", "01", "-1", "1a", "a1", "1.5", ""])("index shard %j is refused", (text) => {
    expect(refusal(`ANALYSIS/index/${text}.json`)).toMatch(/index shard/);
  });

  it("takes a segment start only as a real UTC time with microseconds", () => {
    expect(isValidStart(START)).toBe(true);
    expect(isValidStart("2016-02-30T00:00:00.000000")).toBe(false);
    expect(isValidStart(`x${START}`)).toBe(false);
    expect(isValidStart(`${START}0`)).toBe(false);
  });
});

describe("formatting", () => {
  it("refuses parts that format as a name of another kind, naming the kind asked for", () => {
    const name = `ANALYSIS/${PIC}/completeness.json`;
    expect(parseObjectName(name)).toEqual({ kind: "completeness", pic: PIC });
    expect(refusal(name, () => formatObjectName({ kind: "analysis", pic: `${PIC}/completeness` }))).toBe(
      reason(name, "does not format as a analysis name"),
    );
    expect(() => formatObjectName({ kind: "mlc", pic: `${PIC}/0123456789abcdef` })).toThrow(/does not format as a mlc name/);
  });

  it("gives the prefixes of a star's chunks and segments, refusing a bad PIC under that prefix", () => {
    expect(masterLightCurveChunkPrefix(PIC)).toBe(`MLC/${PIC}/`);
    expect(lightCurvePrefix(PIC)).toBe(`LC/${PIC}/`);
    expect(refusal("MLC/PIC_J0326137/", () => masterLightCurveChunkPrefix("PIC_J0326137"))).toMatch(/PIC "PIC_J0326137"/);
    expect(refusal("LC/PIC_J0326137/", () => lightCurvePrefix("PIC_J0326137"))).toMatch(/PIC "PIC_J0326137"/);
  });
});
