import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidObjectNameError, InvalidSegmentError } from "../../../runtime/core/errors.js";
import { lightCurveSegmentSchema, parseLightCurveSegment } from "../../../runtime/core/lightCurveSegment.js";

const name = "LC/PIC_J0326137+295015/PAN000/108715/2016-07-02T09:18:28.837000.json";
const point = { time: "2016-07-02T09:20:12.603275", exptime: 100, R: 1.01, G: 1.0, B: 0.99, sig_r: 0.01, sig_g: 0.006, sig_b: 0.017 };
const segment = (...points: unknown[]) => JSON.stringify(points);

describe("light-curve segments", () => {
  it("accepts the 2016 sample as uploaded", () => {
    const dir = path.resolve(__dirname, "../../fixtures/2016-sample/LC/PIC_J0326137+295015/PAN000/108715");
    const file = readdirSync(dir)[0]!;
    const parsed = parseLightCurveSegment(`LC/PIC_J0326137+295015/PAN000/108715/${file}`, readFileSync(path.join(dir, file)));
    expect(parsed.points).toHaveLength(106);
    expect(parsed.name.camera).toBe("108715");
    expect(parsed.timeUnixS[0]).toBeCloseTo(1467460882.018728, 5);
  });

  it.each([
    ["not JSON", "{oops", undefined, undefined, /not valid JSON/],
    ["Python NaN", '[{"time":"2016-07-02T09:20:12.603275","R":NaN}]', undefined, undefined, /not valid JSON/],
    ["not an array", JSON.stringify({ points: [] }), undefined, undefined, /JSON array of points/],
    ["no points", "[]", undefined, undefined, /at least one point/],
    ["string flux", segment(point, { ...point, R: "1.0" }), 1, "R", /must be a number/],
    ["negative sigma", segment(point, point, { ...point, sig_g: -0.006 }), 2, "sig_g", /must be > 0/],
    ["zero exptime", segment({ ...point, exptime: 0 }), 0, "exptime", /must be > 0/],
    ["missing field", segment({ ...point, B: undefined }), 0, "B", /must be a number/],
    ["unknown field", segment({ ...point, flux: 1 }), 0, undefined, /unknown field\(s\) "flux"/],
    ["unparsable time", segment(point, { ...point, time: "yesterday" }), 1, "time", /must be a UTC time/],
    ["time before the night", segment({ ...point, time: "2016-07-01T09:20:12.603275" }), 0, "time", /outside the segment's night/],
    ["time a day later", segment(point, { ...point, time: "2016-07-03T09:20:12.603275" }), 1, "time", /outside the segment's night/],
  ])("rejects %s, naming the object and the first bad point", (_label, body, pointIndex, field, message) => {
    let caught: unknown;
    try {
      parseLightCurveSegment(name, body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidSegmentError);
    const error = caught as InvalidSegmentError;
    expect(error.objectName).toBe(name);
    expect(error.message).toContain(name);
    expect(error.message).toMatch(message);
    expect(error.fault.pointIndex).toBe(pointIndex);
    expect(error.fault.field).toBe(field);
  });

  it("enforces the size limits: bytes before parsing, points before any point is validated", () => {
    const body = segment(point, point, point);
    const bytes = Buffer.byteLength(body);
    expect(() => parseLightCurveSegment(name, body, { maxBytes: bytes - 1, maxPoints: 10 })).toThrow(new RegExp(`is ${bytes} bytes, more than the ${bytes - 1}`));
    // Not even valid JSON: the byte limit comes first.
    expect(() => parseLightCurveSegment(name, `${body}oops`, { maxBytes: bytes, maxPoints: 10 })).toThrow(/bytes, more than/);
    // Its third point is bad, but the count is checked before the points are.
    const badLast = segment(point, point, { ...point, R: "x" });
    expect(() => parseLightCurveSegment(name, badLast, { maxBytes: 1e6, maxPoints: 2 })).toThrow(/has 3 points, more than the 2 a segment may have/);
    expect(parseLightCurveSegment(name, body, { maxBytes: bytes, maxPoints: 3 }).points).toHaveLength(3);
  });

  it("reports the lowest bad point when several are bad", () => {
    expect(() => parseLightCurveSegment(name, segment(point, { ...point, G: null }, { ...point, R: "x" }))).toThrow(/point 1, field "G"/);
  });

  it("accepts exactly the segments the schema accepts (the plain-loop fast path agrees with zod)", () => {
    const number = fc.oneof(fc.double(), fc.constant(0), fc.constant(-1), fc.constant(1.5), fc.string(), fc.constant(null));
    const time = fc.oneof(fc.constant(point.time), fc.constant("2016-07-02T09:20:12"), fc.constant("2016-02-30T09:20:12"), fc.string());
    const pointArb = fc.record(
      { time, exptime: number, R: number, G: number, B: number, sig_r: number, sig_g: number, sig_b: number, flux: number },
      { requiredKeys: ["time", "exptime", "R", "G", "B", "sig_r", "sig_g", "sig_b"] },
    );
    const segmentArb = fc.array(fc.oneof({ weight: 3, arbitrary: fc.constant(point) }, { weight: 1, arbitrary: pointArb }, fc.constant([]), fc.constant(null)), { maxLength: 4 });
    fc.assert(
      fc.property(segmentArb, (points) => {
        const body = JSON.stringify(points);
        const schemaAccepts = lightCurveSegmentSchema.safeParse(JSON.parse(body)).success;
        let parsed: ReturnType<typeof parseLightCurveSegment> | undefined;
        try {
          parsed = parseLightCurveSegment(name, body);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidSegmentError);
        }
        // Times in these points all lie in the segment's night, so the only rejections are the schema's.
        expect(parsed !== undefined).toBe(schemaAccepts);
        if (parsed) expect(parsed.points).toEqual(lightCurveSegmentSchema.parse(JSON.parse(body)));
      }),
      { numRuns: 500 },
    );
  });

  it("rejects names that are not segments before reading the bytes", () => {
    expect(() => parseLightCurveSegment("MLC/PIC_J0326137+295015.json", segment(point))).toThrow(InvalidObjectNameError);
  });
});
