import { describe, expect, it } from "vitest";
import type { CompletenessResult } from "../../../runtime/analysis/completenessResult.js";
import { completenessSection } from "../../../runtime/dashboard/completenessSection.js";
import { validCompletenessResult } from "../analysis/validCompletenessResult.js";
import { completenessGrid } from "./completenessGrid.js";

// The completeness section on the results real runs can store besides the regular case: cells
// without trials, a grid of a single period, transfer periods whose ratio could not be measured,
// a sinusoid range reaching above 1.2, a transit duration without a suppression value. Each page
// is rendered inside its test (where a mutation run's mutant is active).
const pic = "PIC_J2000437+224239";
// The fixture's transfer function (1 h and 24 h) and suppression figure, and a candidate of the star's own.
const base = validCompletenessResult({ pic, mlcGeneration: "3", ownCandidate: { periodDays: 3, depth: 0.04 }, cells: completenessGrid([0.01, 0.04], [1, 3], 4, [0, 1, 2, 4]) });
const render = (changes: Partial<CompletenessResult>): string => completenessSection({ ...base, ...changes }, { pic, mlcGeneration: "3" });
const svg = (html: string, id: string): string => new RegExp(`<svg id="${id}"[^>]*>(.*?)</svg>`).exec(html)![1]!;
const numbers = (body: string, attribute: string): number[] => [...body.matchAll(new RegExp(` ${attribute}="([^"]*)"`, "g"))].map((m) => Number(m[1]));
/** The fill of the map's tile whose tooltip reads `title`. */
function fillOf(html: string, title: string): string {
  const tile = [...svg(html, "completeness-map").matchAll(/<rect [^>]*fill="([^"]+)"[^>]*><title>([^<]*)<\/title>/g)].find((m) => m[2] === title);
  expect(tile, title).toBeDefined();
  return tile![1]!;
}
const channels = (fill: string): number[] => /^rgb\((\d+),(\d+),(\d+)\)$/.exec(fill)!.slice(1).map(Number);

describe("the completeness map's shading", () => {
  it("goes from near white for no recovery to dark blue for full recovery, darker with every recovery", () => {
    const html = render({});
    const shades = [0, 1, 2, 4].map((recovered, k) => channels(fillOf(html, `P ${k % 2 === 0 ? "1.00" : "3.00"} d, depth ${k < 2 ? "1.00" : "4.00"} %: ${recovered} of 4 recovered`)));
    for (const shade of shades) for (const value of shade) expect(value).toBeLessThanOrEqual(255);
    expect(Math.min(...shades[0]!)).toBeGreaterThanOrEqual(240);
    const [red, green, blue] = shades[3]!;
    expect(Math.max(red!, green!, blue!)).toBeLessThan(128);
    expect(blue!).toBeGreaterThan(red!);
    for (let k = 1; k < shades.length; k++) for (let c = 0; c < 3; c++) expect(shades[k]![c]!).toBeLessThan(shades[k - 1]![c]!);
  });

  it("greys a cell without trials, unlike a cell whose trials were all missed, and labels it with a dash", () => {
    const cells = completenessGrid([0.01, 0.04], [1, 3], 4, [0, 1, 2, 4]).map((cell, k) => (k === 1 ? { ...cell, trials: 0, recovered: 0 } : cell));
    const html = render({ cells });
    const empty = fillOf(html, "P 3.00 d, depth 1.00 %: 0 of 0 recovered");
    expect(empty).not.toBe(fillOf(html, "P 1.00 d, depth 1.00 %: 0 of 4 recovered"));
    expect(empty).not.toMatch(/^rgb/);
    expect(svg(html, "completeness-map")).toMatch(/<text [^>]*>–<\/text>/);
  });
});

describe("the star's own candidate on the map", () => {
  it.each([
    ["a single period", completenessGrid([0.01, 0.04], [3], 4, [1, 3])],
    ["a single depth", completenessGrid([0.04], [1, 3], 4, [1, 3])],
  ])("is not placed on a grid of %s (no scale to place it on), and the map has no NaN", (_label, cells) => {
    const map = svg(render({ cells }), "completeness-map");
    expect(map).not.toContain("own-candidate");
    expect(map).not.toContain("NaN");
  });
});

describe("the transfer plot", () => {
  it("leaves out periods whose ratio could not be measured", () => {
    const transfer = [base.transfer[0]!, { periodHours: 6, ratio: null, min: null, max: null }, base.transfer[1]!];
    const plot = svg(render({ transfer }), "transfer-function");
    expect(/<polyline points="([^"]+)"/.exec(plot)![1]!.split(" ")).toHaveLength(2);
    expect(plot).not.toMatch(/>6<\/text>|<title>6 h/);
  });

  it("fits a range bar reaching above 1.2 inside its frame", () => {
    const transfer = [base.transfer[0]!, { periodHours: 24, ratio: 1.1, min: 0.6, max: 1.6 }];
    const plot = svg(render({ transfer }), "transfer-function");
    const frame = /<rect x="[^"]+" y="([^"]+)" width="[^"]+" height="([^"]+)"/.exec(plot)!;
    const [top, bottom] = [Number(frame[1]), Number(frame[1]) + Number(frame[2])];
    for (const y of [...numbers(plot, "y1"), ...numbers(plot, "y2"), ...numbers(plot, "cy")]) {
      expect(y).toBeGreaterThanOrEqual(top);
      expect(y).toBeLessThanOrEqual(bottom);
    }
  });
});

describe("the suppression sentence", () => {
  it("says n/a for a transit duration without a value, and gives the others in %", () => {
    const suppression = [
      { durationHours: 1, periodDays: 3, suppression: null },
      { durationHours: 3, periodDays: 3, suppression: 0.02 },
    ];
    expect(render({ suppression })).toContain("(1 − recovered/injected): 1 h: n/a, 3 h: 2.0 %.");
  });
});
