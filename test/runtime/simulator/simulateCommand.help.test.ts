/**
 * `piaa simulate --help` says what each option means and its default (the spawned-CLI tests do
 * not see mutants here). Read from the command's own option list, so the terminal width commander
 * wraps the help to does not matter.
 */
import { describe, expect, it } from "vitest";
import { CATALOG } from "../../../runtime/core/catalog.js";
import { simulateCommand } from "../../../runtime/simulator/simulateCommand.js";
import { DEFAULT_NIGHTS, DEFAULT_UNITS } from "../../../runtime/simulator/simulateOptions.js";

const described = (flag: string): string => simulateCommand().options.find((option) => option.long === flag)!.description;

describe("piaa simulate --help", () => {
  it("says --units is the network's size after the run, never shrinking it, and gives its default", () => {
    expect(described("--units")).toMatch(/^network size after the run; units are added, never removed/);
    expect(described("--units")).toContain(`(default ${DEFAULT_UNITS})`);
  });

  it("says --nights is a number of nights, with its default", () => {
    expect(described("--nights")).toBe(`number of nights (default ${DEFAULT_NIGHTS})`);
  });

  it("lists every catalog star --stars takes by default", () => {
    const stars = described("--stars");
    expect(stars).toMatch(/^comma-separated catalog ids or PIC ids \(default all: /);
    const listed = /default all: ([^)]*)\)/.exec(stars)![1]!.split(",");
    expect(listed).toEqual(CATALOG.map((star) => star.id));
  });
});
