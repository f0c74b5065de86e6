import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chartFontFiles } from "../../../runtime/analysis/renderChart.js";

describe("chart fonts", () => {
  it("come with the npm dependencies, so a fresh machine without system fonts still draws labels", () => {
    const files = chartFontFiles();
    expect(files.map((f) => f.split("/").slice(-3).join("/"))).toEqual(["dejavu-fonts-ttf/ttf/DejaVuSans.ttf", "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"]);
    for (const file of files) expect(existsSync(file)).toBe(true);
  });
});
