/**
 * The bounds of a segment's times (lightCurveSegment.ts): the years an MLC keeps (1999 to the end
 * of 2099), the clock jitter allowed before the segment start (60 s) and the night's span (16 h),
 * each at its edge, with the whole reason a unit is given; and the byte forms a segment arrives in.
 */
import { describe, expect, it } from "vitest";
import { InvalidSegmentError } from "../../../runtime/core/errors.js";
import { MAX_SEGMENT_SPAN_S, parseLightCurveSegment, START_TOLERANCE_S, type SegmentLimits } from "../../../runtime/core/lightCurveSegment.js";
import { isoToUnixMicros, unixMicrosToIso } from "../../../runtime/core/time.js";

const PIC = "PIC_J0326137+295015";
const nameAt = (start: string) => `LC/${PIC}/PAN000/108715/${start}.json`;
const point = (time: string) => ({ time, exptime: 100, R: 1.01, G: 1.0, B: 0.99, sig_r: 0.01, sig_g: 0.006, sig_b: 0.017 });
const body = (...times: string[]) => JSON.stringify(times.map(point));
/** The UTC time `offsetS` seconds (to the microsecond) after `iso`. */
const after = (iso: string, offsetS: number) => unixMicrosToIso(isoToUnixMicros(iso)! + Math.round(offsetS * 1e6));

function refusal(name: string, bytes: string, limits?: SegmentLimits): InvalidSegmentError {
  try {
    parseLightCurveSegment(name, bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSegmentError);
    return error as InvalidSegmentError;
  }
  throw new Error("the segment was accepted");
}

describe("a segment's night", () => {
  const start = "2016-07-02T09:18:28.837000";
  const name = nameAt(start);

  it(`takes points from ${START_TOLERANCE_S} s before the start to ${MAX_SEGMENT_SPAN_S / 3600} h after it`, () => {
    const earliest = after(start, -START_TOLERANCE_S);
    const latest = after(start, MAX_SEGMENT_SPAN_S);
    const parsed = parseLightCurveSegment(name, body(earliest, start, latest));
    expect(Array.from(parsed.timeUnixS)).toEqual([earliest, start, latest].map((t) => isoToUnixMicros(t)! / 1e6));
  });

  it.each([
    ["a microsecond too early", -START_TOLERANCE_S - 1e-6],
    ["a microsecond too late", MAX_SEGMENT_SPAN_S + 1e-6],
  ])("refuses a point %s, naming it and the night", (_label, offsetS) => {
    const time = after(start, offsetS);
    const error = refusal(name, body(start, time));
    expect(error.fault).toEqual({ pointIndex: 1, field: "time", reason: `${time} is outside the segment's night (start ${start}, at most 16 h later)` });
  });
});

describe("the years an MLC keeps", () => {
  it("takes the first microsecond of 1999 and refuses the last of 1998", () => {
    const start = "1998-12-31T23:59:30.000000";
    expect(parseLightCurveSegment(nameAt(start), body("1999-01-01T00:00:00.000000")).timeUnixS[0]).toBe(Date.UTC(1999, 0, 1) / 1000);
    const error = refusal(nameAt(start), body("1999-01-01T00:00:00.000000", "1998-12-31T23:59:59.999999"));
    expect(error.fault).toEqual({
      pointIndex: 1,
      field: "time",
      reason: "1998-12-31T23:59:59.999999 is outside 1999 to 2099, the years an MLC keeps and exports to the microsecond",
    });
  });

  it("takes the last microsecond of 2099 and refuses the first of 2100", () => {
    const start = "2099-12-31T23:59:30.000000";
    expect(parseLightCurveSegment(nameAt(start), body("2099-12-31T23:59:59.999999")).points).toHaveLength(1);
    expect(refusal(nameAt(start), body("2100-01-01T00:00:00.000000")).fault).toMatchObject({ pointIndex: 0, field: "time", reason: expect.stringMatching(/is outside 1999 to 2099/) });
  });
});

describe("the bytes of a segment", () => {
  const start = "2016-07-02T09:18:28.837000";

  it("reads a view into a larger buffer, and counts a string's size in UTF-8 bytes", () => {
    const text = body(start);
    const framed = Buffer.alloc(text.length + 16, 0x20);
    framed.write(text, 8);
    const parsed = parseLightCurveSegment(nameAt(start), framed.subarray(8, 8 + text.length));
    expect(parsed.points).toEqual([point(start)]);
    // The size is checked before the parse, in UTF-8 bytes: "é" is one UTF-16 unit but two bytes.
    const wide = `${text}${"é".repeat(10)}`;
    const maxBytes = Buffer.byteLength(wide) - 1;
    expect(wide.length).toBeLessThan(maxBytes);
    expect(refusal(nameAt(start), wide, { maxBytes, maxPoints: 10 }).fault).toEqual({ reason: `is ${maxBytes + 1} bytes, more than the ${maxBytes} a segment may have` });
  });

  it("names the fault of the whole document: not JSON, or not an array of points", () => {
    const name = nameAt(start);
    expect(refusal(name, "{oops").fault.reason).toMatch(/^not valid JSON \(.+\)$/);
    expect(refusal(name, "7").fault).toEqual({ reason: "must be a JSON array of points" });
    expect(refusal(name, "[7]").fault).toEqual({ pointIndex: 0, reason: "must be a object" });
    expect(refusal(name, `[${JSON.stringify(point(start))}, null]`).fault).toMatchObject({ pointIndex: 1, field: undefined });
  });
});

/**
 * A segment of one bad point: the plain-loop fast path must refuse it by itself (a segment whose
 * first point is good falls back to the schema at the first point anyway).
 */
describe("a segment of one bad point", () => {
  const start = "2016-07-02T09:18:28.837000";
  it.each([
    ["R", "1.0"],
    ["G", null],
    ["B", "x"],
    ["exptime", "100"],
    ["sig_r", null],
    ["sig_g", "0.006"],
    ["sig_b", -0.017],
  ])("refuses %s = %j, naming the field", (field, value) => {
    expect(refusal(nameAt(start), JSON.stringify([{ ...point(start), [field]: value }])).fault).toMatchObject({ pointIndex: 0, field });
  });

  it("refuses a point whose exposure time and errors are all zero", () => {
    const zero = { ...point(start), exptime: 0, sig_r: 0, sig_g: 0, sig_b: 0 };
    expect(refusal(nameAt(start), JSON.stringify([zero])).fault).toMatchObject({ pointIndex: 0, field: "exptime", reason: "must be > 0" });
  });

  it("refuses a time given as a number for what it is, not as a time outside the years kept", () => {
    expect(refusal(nameAt(start), JSON.stringify([{ ...point(start), time: 1467451108.837 }])).fault).toEqual({ pointIndex: 0, field: "time", reason: "must be a string" });
  });

  it("reads a plain Uint8Array, not only a Buffer", () => {
    expect(parseLightCurveSegment(nameAt(start), new Uint8Array(Buffer.from(body(start)))).points).toEqual([point(start)]);
  });

  it("refuses a point with a field too many or too few", () => {
    expect(refusal(nameAt(start), JSON.stringify([{ ...point(start), flux: 1 }])).fault.reason).toBe('unknown field(s) "flux"');
    expect(refusal(nameAt(start), JSON.stringify([{ ...point(start), flux: 1, mag: 2 }])).fault.reason).toBe('unknown field(s) "flux", "mag"');
    const { sig_b: _dropped, ...seven } = point(start);
    expect(refusal(nameAt(start), JSON.stringify([seven])).fault).toMatchObject({ pointIndex: 0, field: "sig_b" });
  });
});

