import { describe, expect, it } from "vitest";
import { starPage } from "../../../runtime/dashboard/starPage.js";
import { surveyAnalysis } from "./surveyBucket.js";

// A candidate with several period caveats: each is its own "Note:" sentence on the star page
// (the router tests' documents carry at most one).
describe("the star page's period notes", () => {
  it("writes each caveat as a sentence of its own, one after the other", () => {
    const document = surveyAnalysis(1);
    document.bls = { ...document.bls!, periodDays: 3, peakPeriodDays: 1.5, aliases: [{ factor: 2, periodDays: 6, evidence: "unobserved" }] };
    const html = starPage(document, "./", "/");
    expect(html).toMatch(
      /\. <strong>Note:<\/strong> the period is 2× the periodogram&#39;s peak at 1\.50000 d, which the data fit less well\. <strong>Note:<\/strong> possibly an alias: 2P = 6\.00000 d fits as well \([^)]+\)\./,
    );
  });
});
