/**
 * A run on a star's MLC generation that stopped because a newer generation is stored: its results
 * would be obsolete before they were written. Its own module, so that the analyzer's event loop
 * can tell it apart without loading the analysis and plotting modules (analysis threads do that).
 */
import type { Generation } from "../core/store/objectStore.js";

export class SupersededRunError extends Error {
  constructor(
    readonly pic: string,
    readonly generation: Generation,
  ) {
    super(`${pic}: MLC generation ${generation} is superseded; its run stopped`);
  }
}
