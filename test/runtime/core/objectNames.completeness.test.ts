import { describe, expect, it } from "vitest";
import { completenessName, parseObjectName, tryParseObjectName } from "../../../runtime/core/objectNames.js";

describe("the completeness result's object name", () => {
  it("formats and parses ANALYSIS/{pic}/completeness.json", () => {
    const name = completenessName("PIC_J2000437+224239");
    expect(name).toBe("ANALYSIS/PIC_J2000437+224239/completeness.json");
    expect(parseObjectName(name)).toEqual({ kind: "completeness", pic: "PIC_J2000437+224239" });
  });

  it("keeps rejecting other files beside the plots, naming what is accepted", () => {
    expect(() => parseObjectName("ANALYSIS/PIC_J2000437+224239/completeness.svg")).toThrow(/ANALYSIS\/\{pic\}\/\{mlcGeneration\}\/\{plot\}\.\{png\|svg\}, ANALYSIS\/\{pic\}\/completeness\.json/);
    expect(tryParseObjectName("ANALYSIS/PIC_J2000437+224239/folded.png")).toBeUndefined();
    expect(tryParseObjectName("ANALYSIS/PIC_J2000437+224239/1700000000000000/folded.png")).toMatchObject({ kind: "plot" });
    expect(() => completenessName("not-a-pic")).toThrow(/PIC/);
  });
});
