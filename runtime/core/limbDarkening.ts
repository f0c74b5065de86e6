/**
 * Quadratic limb darkening per colour channel, shared by the simulator (injection) and the
 * analysis (the model drawn over a folded light curve).
 */
import type { LimbDarkening } from "./transitModel.js";

/**
 * Representative of a G–K dwarf in Johnson R, V, B (Claret 2000, A&A 363, 1081, log g 4.5,
 * Teff 5000–6000 K), rounded; the same for every star.
 */
export const CHANNEL_LIMB_DARKENING: Readonly<Record<"R" | "G" | "B", LimbDarkening>> = {
  R: { u1: 0.45, u2: 0.25 },
  G: { u1: 0.55, u2: 0.22 },
  B: { u1: 0.75, u2: 0.1 },
};
