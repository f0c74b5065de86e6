/**
 * Superseded runs: a run on a star's MLC generation stops once a newer generation is stored, since
 * its results would be obsolete before they were written. Its own module, light to load, so that
 * the analyzer's event loop can tell such a stop apart without loading the analysis and plotting
 * modules (analysis threads do that).
 */
import { NotFoundError } from "../core/errors.js";
import { masterLightCurveName } from "../core/objectNames.js";
import { compareGenerations, type Generation, type ObjectStore } from "../core/store/objectStore.js";

/** Subscribes `listener` to the events about a star heard while its run is in progress. */
export type LaterEvents = (listener: () => void) => void;

export class SupersededRunError extends Error {
  constructor(
    readonly pic: string,
    readonly generation: Generation,
  ) {
    super(`${pic}: MLC generation ${generation} is superseded; its run stopped`);
  }
}

/**
 * Aborted once a look prompted by `laterEvents` finds the star's MLC newer than `generation`, or
 * gone. A look that fails changes nothing: the run goes on, and the event's own run looks again.
 */
export function supersededSignal(store: ObjectStore, pic: string, generation: Generation, laterEvents: LaterEvents | undefined): AbortSignal {
  const controller = new AbortController();
  let looking = false;
  let again = false;
  const look = async (): Promise<void> => {
    if (looking) return void (again = true);
    looking = true;
    do {
      again = false;
      try {
        if (compareGenerations((await store.stat(masterLightCurveName(pic))).generation, generation) > 0) controller.abort();
      } catch (error) {
        if (error instanceof NotFoundError) controller.abort();
      }
    } while (again && !controller.signal.aborted);
    looking = false;
  };
  laterEvents?.(() => void look());
  return controller.signal;
}
