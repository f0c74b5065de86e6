/**
 * When a BLS result counts as a transit candidate: both its signal-to-noise ratio and its signal
 * detection efficiency clear a threshold, so neither one strong outlier (high SNR, flat
 * periodogram) nor a periodogram peak of a dip lost in the noise (high SDE, low SNR) qualifies.
 */

/** Kepler's detection threshold, 7.1σ (Jenkins, Caldwell & Borucki 2002, ApJ 564, 495). */
export const CANDIDATE_MIN_SNR = 7.1;
/** The BLS significance threshold SDE ≥ 6 (Kovács, Zucker & Mazeh 2002, A&A 391, 369). */
export const CANDIDATE_MIN_SDE = 6;

/** The criterion as the dashboard and the star index state it. */
export const CANDIDATE_CRITERION = `SNR ≥ ${CANDIDATE_MIN_SNR} and SDE ≥ ${CANDIDATE_MIN_SDE}`;

export function isTransitCandidate(bls: { snr: number; sde: number } | null): boolean {
  return bls !== null && bls.snr >= CANDIDATE_MIN_SNR && bls.sde >= CANDIDATE_MIN_SDE;
}
