import { describe, expect, it } from "vitest";
import { depthAtHalfCompleteness, parseCompletenessResult, encodeCompletenessResult, type CompletenessResult } from "../../../runtime/analysis/completenessResult.js";
import { validCompletenessResult } from "./validCompletenessResult.js";

const cell = (periodDays: number, depth: number, recovered: number, trials = 10) => ({ periodDays, radiusRatio: Math.sqrt(depth), depth, trials, recovered });

function result(cells: CompletenessResult["cells"]): CompletenessResult {
  return validCompletenessResult({ pic: "PIC_J0326137+295015", mlcGeneration: "7", cells });
}

describe("depthAtHalfCompleteness", () => {
  it("interpolates in log depth along the row nearest 3 d", () => {
    const r = result([cell(1, 0.001, 10), cell(1, 0.004, 10), cell(2.5, 0.001, 2), cell(2.5, 0.004, 8), cell(10, 0.001, 0), cell(10, 0.004, 0)]);
    const half = depthAtHalfCompleteness(r)!;
    expect(half.periodDays).toBe(2.5);
    // 20 % at 0.1 %, 80 % at 0.4 %: half way in log depth is 0.2 %.
    expect(half.depth).toBeCloseTo(0.002, 10);
  });

  it("is the shallowest depth when that already reaches 50 %, null when none does", () => {
    expect(depthAtHalfCompleteness(result([cell(3, 0.001, 5), cell(3, 0.004, 9)]))).toEqual({ periodDays: 3, depth: 0.001 });
    expect(depthAtHalfCompleteness(result([cell(3, 0.001, 0), cell(3, 0.004, 4)]))).toBeNull();
    expect(depthAtHalfCompleteness(result([]))).toBeNull();
  });

  it("round-trips through its stored form and rejects a document of another shape", () => {
    const r = result([cell(3, 0.001, 5)]);
    expect(parseCompletenessResult("ANALYSIS/x/completeness.json", encodeCompletenessResult(r))).toEqual(r);
    expect(() => parseCompletenessResult("ANALYSIS/x/completeness.json", Buffer.from('{"schema":1}'))).toThrow(/completeness\.json/);
  });
});
