import { describe, expect, it } from "vitest";
import { InvalidDocumentError } from "../../../runtime/core/errors.js";
import { emptyMasterLightCurve, parseMasterLightCurve, type MasterLightCurve } from "../../../runtime/core/masterLightCurve.js";
import { decodeMasterLightCurve, encodeMasterLightCurve } from "../../../runtime/core/masterLightCurveCodec.js";
import { applySegmentUpdates } from "../../../runtime/core/mergeSegment.js";
import { TEST_PIC, testObjectName, testSegment } from "./testSegments.js";

const name = `MLC/${TEST_PIC}.json`;

function sample(): MasterLightCurve {
  return applySegmentUpdates(emptyMasterLightCurve(TEST_PIC), [
    { kind: "merge", segment: testSegment(testObjectName(1), [{ offsetS: 30, seed: 1 }, { offsetS: 10, seed: 2 }]), generation: "3" },
    { kind: "merge", segment: testSegment(testObjectName(2), [{ offsetS: 20, seed: 3 }]), generation: "8" },
  ]).mlc;
}

/** The JSON form of a document, loosely typed so that tests can break it. */
interface LooseDocument {
  schema: unknown;
  pic: unknown;
  segments: Record<string, unknown>[];
  points: Record<string, unknown[]>;
  chunks?: unknown[];
}

/** The sample with one edit applied to its JSON form. */
function edited(edit: (doc: LooseDocument) => void): string {
  const doc = JSON.parse(JSON.stringify(sample())) as LooseDocument;
  edit(doc);
  return JSON.stringify(doc);
}

describe("MLC codec", () => {
  it("round-trips a merged document and agrees with the zod parser", () => {
    const mlc = sample();
    const bytes = encodeMasterLightCurve(mlc);
    expect(decodeMasterLightCurve(name, bytes, TEST_PIC)).toEqual(mlc);
    expect(parseMasterLightCurve(name, bytes)).toEqual(mlc);
  });

  it.each([
    ["bad JSON", "{", /not valid JSON/],
    ["an array", "[]", /must be a JSON object/],
    ["wrong schema", edited((d) => (d.schema = 2)), /schema: must be 1/],
    ["bad PIC", edited((d) => (d.pic = "PIC_Jnope")), /pic: must be a PIC id/],
    ["another star's PIC", edited((d) => (d.pic = "PIC_J18365633+3847012")), /pic: is PIC_J18365633\+3847012, expected PIC_J0326137\+295015/],
    ["bad segment entry", edited((d) => (d.segments[1]!.generation = "x")), /segments\.1\.generation/],
    ["duplicate segment", edited((d) => (d.segments[1]!.object = d.segments[0]!.object)), /listed twice/],
    ["missing column", edited((d) => delete d.points.sig_b), /points\.sig_b: must be an array/],
    ["ragged column", edited((d) => d.points.G!.pop()), /points\.G: has 2 values, time has 3/],
    ["non-number value", edited((d) => (d.points.R![2] = "1.0")), /points\.R\.2: must be a number/],
    ["null value (a NaN written by JSON.stringify)", edited((d) => (d.points.B![0] = null)), /points\.B\.0: must be a number/],
    ["bad segment index", edited((d) => (d.points.segment![0] = 5)), /points\.segment\.0: 5 is not a segment index/],
    ["unsorted times", edited((d) => d.points.time!.reverse()), /points\.time\.1: not sorted/],
    ["wrong point count", edited((d) => (d.segments[0]!.points = 7)), /segments\.0\.points: says 7, the columns hold 2/],
    ["unknown column", edited((d) => (d.points.flux = [1, 2, 3])), /unknown column\(s\) flux/],
    ["bad chunk id", edited((d) => (d.chunks = [{ id: "x", points: 0, firstTime: 0, lastTime: 0, segments: [] }])), /chunks\.0\.id: must be 16 to 64/],
    [
      "a segment with no points in the tail that no chunk lists",
      edited((d) => {
        d.chunks = [{ id: "0".repeat(32), points: 2, firstTime: 0, lastTime: 1, segments: [{ object: d.segments[0]!.object, generation: "999" }] }];
        for (const column of Object.keys(d.points)) d.points[column] = d.points[column]!.filter((_, i) => d.points.segment![i] !== 0);
      }),
      /segments\.0\.points: says 2, the columns hold 0 and no chunk lists .* at 3/,
    ],
  ])("rejects %s, naming the document", (_label, body, message) => {
    expect(() => decodeMasterLightCurve(name, body, TEST_PIC)).toThrow(InvalidDocumentError);
    expect(() => decodeMasterLightCurve(name, body, TEST_PIC)).toThrow(message);
    expect(() => decodeMasterLightCurve(name, body, TEST_PIC)).toThrow(name);
  });
});
