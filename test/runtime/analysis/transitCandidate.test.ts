import { describe, expect, it } from "vitest";
import { CANDIDATE_CRITERION, isTransitCandidate } from "../../../runtime/analysis/transitCandidate.js";

// The candidate rule at its boundaries, with the thresholds of the papers it cites: SNR ≥ 7.1
// (Kepler's threshold, Jenkins, Caldwell & Borucki 2002, ApJ 564, 495), a calibrated false-alarm
// probability ≤ 0.1 %, and, where none was calibrated, SDE ≥ 6 (Kovács, Zucker & Mazeh 2002,
// A&A 391, 369). Each threshold is inclusive ("clears" it at equality), as the criterion text says.
describe("isTransitCandidate", () => {
  it.each([
    ["no BLS result", null, false],
    ["SNR exactly 7.1 and FAP exactly 0.1 %", { snr: 7.1, sde: 1, falseAlarmProbability: 0.001 }, true],
    ["SNR just below 7.1", { snr: 7.09, sde: 20, falseAlarmProbability: 1e-9 }, false],
    ["SNR not a number", { snr: Number.NaN, sde: 20, falseAlarmProbability: 1e-9 }, false],
    ["FAP just above 0.1 %, whatever the SDE", { snr: 30, sde: 40, falseAlarmProbability: 0.0011 }, false],
    ["no calibrated FAP (null): SDE exactly 6", { snr: 7.1, sde: 6, falseAlarmProbability: null }, true],
    ["no calibrated FAP (null): SDE just below 6", { snr: 30, sde: 5.99, falseAlarmProbability: null }, false],
    ["no FAP field at all: SDE exactly 6", { snr: 7.1, sde: 6 }, true],
    ["no FAP field at all: SDE just below 6", { snr: 30, sde: 5.99 }, false],
  ])("%s", (_, bls, expected) => {
    expect(isTransitCandidate(bls)).toBe(expected);
  });

  it("states the criterion with the thresholds it applies", () => {
    expect(CANDIDATE_CRITERION).toBe("SNR ≥ 7.1 and false-alarm probability ≤ 0.1 %");
  });
});
