/**
 * While `piaa start` serves: every star whose MLC changed (data that landed in the bucket was
 * merged) is analysed and re-plotted, and a line says so, so that a user watching the terminal
 * sees the pipeline work and the plots directory stays current.
 */
import { listStars } from "../analysis/analysisStore.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { catalogNameOf } from "../core/starArgument.js";
import { plotStar } from "./plotEveryStar.js";

/** How often the MLC generations are compared (one listing of MLC/ per poll). */
export const FOLLOW_POLL_MS = 2000;

export interface Following {
  /** Stops polling; resolves once a poll in progress has finished. */
  stop(): Promise<void>;
}

const generations = async (store: ObjectStore): Promise<Map<string, string>> =>
  new Map((await listStars(store)).map(({ pic, generation }) => [pic, generation]));

/** Polls until stopped; `report` gets one line per star merged and re-plotted, or per failure. */
export function followMerges(store: ObjectStore, plotsDir: string, report: (line: string) => void, pollMs = FOLLOW_POLL_MS): Following {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let seen: Map<string, string> | undefined;
  let polling: Promise<void> = Promise.resolve();
  const poll = async (): Promise<void> => {
    const now = await generations(store);
    for (const [pic, generation] of now) {
      if (stopped || seen === undefined || seen.get(pic) === generation) continue;
      const files = await plotStar(store, pic, generation, plotsDir);
      const name = catalogNameOf(pic);
      report(`${new Date().toISOString().slice(11, 19)} merged new data into ${pic}${name ? ` (${name})` : ""}; ${files.length} plots refreshed in ${plotsDir}`);
    }
    seen = now;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      polling = poll()
        .catch((error: unknown) => report(`piaa: could not follow the bucket: ${(error as Error).message}`))
        .finally(schedule);
    }, pollMs);
  };
  polling = generations(store).then((now) => void (seen = now), () => undefined).finally(schedule);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await polling;
    },
  };
}
