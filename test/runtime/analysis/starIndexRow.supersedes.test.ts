import { describe, expect, it } from "vitest";
import { errorRow, supersedes, type StarIndexRow } from "../../../runtime/analysis/starIndexRow.js";

// The rule of starIndexRow.ts's module comment: a newer MLC generation wins (generations compare
// as numbers, as Cloud Storage's do), a pending row never hides a finished one, and at the same
// generation a finished row replaces "pending" while a replayed row changes nothing.
const at = new Date("2016-07-27T00:00:00Z");
const pic = "PIC_J2000437+224239";
const finished = (generation: string): StarIndexRow => errorRow(pic, generation, "unreadable", at);
const pending = (generation: string): StarIndexRow => ({ ...finished(generation), status: "pending" });

describe("supersedes", () => {
  it("lets a row of a newer MLC generation replace a finished row of an older one, numerically (12 after 9)", () => {
    expect(supersedes(finished("12"), finished("9"))).toBe(true);
    expect(supersedes(finished("9"), finished("12"))).toBe(false);
  });

  it("never lets a pending row hide a finished one, whatever its generation", () => {
    expect(supersedes(pending("12"), finished("9"))).toBe(false);
    expect(supersedes(pending("12"), pending("9"))).toBe(true);
  });

  it("at the same generation, replaces pending by a finished row and otherwise keeps the row there", () => {
    expect(supersedes(finished("9"), pending("9"))).toBe(true);
    expect(supersedes(finished("9"), finished("9"))).toBe(false);
    expect(supersedes(pending("9"), pending("9"))).toBe(false);
    expect(supersedes(finished("9"), undefined)).toBe(true);
  });
});
