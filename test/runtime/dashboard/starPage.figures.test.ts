import { describe, expect, it } from "vitest";
import { starPage } from "../../../runtime/dashboard/starPage.js";
import { starTablePage } from "../../../runtime/dashboard/starTablePage.js";
import { DEFAULT_QUERY, selectStarTablePage } from "../../../runtime/dashboard/starTableQuery.js";
import { analysedIndexRow, picOf } from "./analysedIndexRow.js";
import { surveyAnalysis } from "./surveyBucket.js";

// Figures a reader takes from the star page and the table's search form, rendered inside each test:
// the transit depth in percent, the units that observed the star, the candidates-only checkbox.
describe("the star page's figures", () => {
  it("gives the transit depth in percent and lists every unit that observed the star", () => {
    const survey = surveyAnalysis(3);
    const document = { ...survey, units: ["PAN001", "PAN012"], bls: { ...survey.bls!, depth: 0.0123 } };
    const html = starPage(document, "./", "/");
    expect(html).toContain("depth 1.230 %");
    expect(html).toContain(`segments from PAN001, PAN012;`);
  });
});

describe("the star table's search form", () => {
  it("keeps the candidates-only box ticked while the table shows candidates only", () => {
    const rows = [analysedIndexRow(picOf(1), { candidate: true })];
    const box = (candidates: boolean) => /<input type="checkbox" name="candidates" value="1"([^>]*)>/.exec(starTablePage(selectStarTablePage(rows, { ...DEFAULT_QUERY, candidates }), 1, [], "/"))![1];
    expect(box(true)).toBe(" checked");
    expect(box(false)).toBe("");
  });
});
