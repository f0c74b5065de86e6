import { describe, expect, it } from "vitest";
import { buildAnalysisDocument } from "../../../runtime/analysis/analysisDocument.js";
import { analyzeLightCurve } from "../../../runtime/analysis/analyzeMasterLightCurve.js";
import type { TransitCandidate } from "../../../runtime/analysis/bls.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

// The stored document's `bls` block: what the star page and `piaa analyze --json` show. The
// periodogram's peak may be a multiple of the period the alias check settled on (2P resolved to
// P); the page names the peak only when the two differ, so the document must keep it.
const mlc = syntheticMasterLightCurve({ ...DASHBOARD_STARS[2]!, nights: 1 });
const at = new Date("2016-07-27T00:00:00Z");
const candidate: TransitCandidate = { periodDays: 2.2, epoch: 2457000.3, durationDays: 0.08, depth: 0.01, depthSigma: 0.001, inTransitPoints: 40, transitsObserved: 3, snr: 10, sde: 9 };

describe("buildAnalysisDocument: the candidate's fields", () => {
  it("keeps the periodogram's peak period when the period was resolved away from it, and the period itself otherwise", () => {
    const analysis = analyzeLightCurve(mlc, { falseAlarm: false });
    const resolved = buildAnalysisDocument(mlc, "7", { ...analysis, candidate: { ...candidate, peakPeriodDays: 4.4 } }, at);
    expect(resolved.bls).toMatchObject({ periodDays: 2.2, peakPeriodDays: 4.4 });
    const plain = buildAnalysisDocument(mlc, "7", { ...analysis, candidate }, at);
    expect(plain.bls).toMatchObject({ periodDays: 2.2, peakPeriodDays: 2.2, aliases: [] });
  });

  it("says no false-alarm probability and no trials when none was calibrated", () => {
    const analysis = analyzeLightCurve(mlc, { falseAlarm: false });
    const document = buildAnalysisDocument(mlc, "7", { ...analysis, candidate, falseAlarm: undefined }, at);
    expect(document.bls).toMatchObject({ falseAlarmProbability: null, falseAlarmTrials: 0 });
  });
});
