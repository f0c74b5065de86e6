/**
 * A box of depth exactly 0 (BLS's peak of a star with no dip at all) is drawn as a flat line at 1,
 * as a negative depth is: not the faint curve of the smallest planet the model's search allows.
 */
import { describe, expect, it } from "vitest";
import { transitModelCurve } from "../../../runtime/analysis/transitModelCurve.js";

describe("transitModelCurve at zero depth", () => {
  it("is exactly 1 at mid-transit and across the box", () => {
    const box = { periodDays: 2.2186, epoch: 0, durationDays: 1.8 / 24, depth: 0 };
    expect(transitModelCurve(box, [0, box.durationDays / 4, -box.durationDays / 4])).toEqual([1, 1, 1]);
  });
});
