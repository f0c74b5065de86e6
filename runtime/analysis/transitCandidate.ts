/**
 * When a BLS result counts as a transit candidate: its signal-to-noise ratio clears Kepler's
 * threshold and its false-alarm probability, calibrated on the star's own data (falseAlarm.ts),
 * is at most 0.1 %; so neither one strong outlier (high SNR, peak no higher than the star's
 * noise reaches) nor a peak of a dip lost in the noise (low SNR) qualifies. A fixed SDE cannot
 * do the second job: after 30 simulated nights a star without a planet scored SDE 8.8 and
 * HD 209458 b 9.0. Without a calibrated probability (calibration switched off), the SDE rule
 * of Kovács et al. stands in.
 */
import { CANDIDATE_MAX_FALSE_ALARM_PROBABILITY } from "./falseAlarm.js";

/** Kepler's detection threshold, 7.1σ (Jenkins, Caldwell & Borucki 2002, ApJ 564, 495). */
export const CANDIDATE_MIN_SNR = 7.1;
/** The BLS significance threshold SDE ≥ 6 (Kovács, Zucker & Mazeh 2002, A&A 391, 369), when no FAP is calibrated. */
export const CANDIDATE_MIN_SDE = 6;

/** The criterion as the dashboard and the star index state it. */
export const CANDIDATE_CRITERION = `SNR ≥ ${CANDIDATE_MIN_SNR} and false-alarm probability ≤ ${CANDIDATE_MAX_FALSE_ALARM_PROBABILITY * 100} %`;

export function isTransitCandidate(bls: { snr: number; sde: number; falseAlarmProbability?: number | null } | null): boolean {
  if (bls === null || !(bls.snr >= CANDIDATE_MIN_SNR)) return false;
  const probability = bls.falseAlarmProbability;
  return probability === undefined || probability === null ? bls.sde >= CANDIDATE_MIN_SDE : probability <= CANDIDATE_MAX_FALSE_ALARM_PROBABILITY;
}
