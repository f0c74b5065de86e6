import { describe, expect, it } from "vitest";
import { InvalidDocumentError } from "../../../runtime/core/errors.js";
import { emptyMasterLightCurve, parseMasterLightCurve } from "../../../runtime/core/masterLightCurve.js";

const name = "MLC/PIC_J0326137+295015.json";

describe("master light curve documents", () => {
  it("round-trips an empty document", () => {
    const doc = emptyMasterLightCurve("PIC_J0326137+295015", "2026-11-26T00:00:00.000Z");
    expect(parseMasterLightCurve(name, JSON.stringify(doc))).toEqual(doc);
  });

  it.each([
    ["bad JSON", "{", /not valid JSON/],
    ["wrong schema version", JSON.stringify({ ...emptyMasterLightCurve("PIC_J0326137+295015"), schema: 2 }), /schema/],
    ["bad PIC", JSON.stringify(emptyMasterLightCurve("PIC_Jnope")), /pic: must be a PIC id/],
    [
      "ragged columns",
      JSON.stringify({ ...emptyMasterLightCurve("PIC_J0326137+295015"), points: { ...emptyMasterLightCurve("PIC_J0326137+295015").points, R: [1] } }),
      /points\.R: has 1 values, time has 0/,
    ],
  ])("rejects %s, naming the document", (_label, body, message) => {
    expect(() => parseMasterLightCurve(name, body)).toThrow(InvalidDocumentError);
    expect(() => parseMasterLightCurve(name, body)).toThrow(message);
    expect(() => parseMasterLightCurve(name, body)).toThrow(/MLC\/PIC_J0326137\+295015\.json/);
  });
});
