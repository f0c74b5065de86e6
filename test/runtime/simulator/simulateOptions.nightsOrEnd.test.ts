/** --nights and --end both say when the run stops: given together, they are refused, naming both. */
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
});
