/** --nights and --end both say when the run stops: given together, they are refused, naming both; an --end before --start is refused too. */
import { describe, expect, it } from "vitest";
import { UsageError } from "../../../runtime/core/commandLine.js";
import { resolveOptions } from "../../../runtime/simulator/simulateOptions.js";

describe("resolveOptions with --nights and --end", () => {
  it("refuses both together, and takes either alone", () => {
    const both = () => resolveOptions({ start: "2026-08-01", nights: 3, end: "2026-08-03" });
    expect(both).toThrow(UsageError);
    expect(both).toThrow("give --nights or --end, not both");
    expect(resolveOptions({ start: "2026-08-01", nights: 3 }).nights).toBe(3);
    expect(resolveOptions({ start: "2026-08-01", end: "2026-08-03" }).endDayS).toBe(Date.UTC(2026, 7, 3) / 1000);
  });

  it("refuses an --end before --start, naming both dates, and takes an --end on the --start day", () => {
    const reversed = () => resolveOptions({ start: "2026-08-03", end: "2026-08-02" });
    expect(reversed).toThrow(UsageError);
    expect(reversed).toThrow("--end 2026-08-02 is before --start 2026-08-03");
    expect(resolveOptions({ start: "2026-08-03", end: "2026-08-03" }).endDayS).toBe(Date.UTC(2026, 7, 3) / 1000);
  });
});
