/**
 * While `piaa start` serves: every star whose analysis the analyzer brought up to a new MLC
 * generation (data that landed in the bucket was merged, then analysed) has its stored plots
 * copied into the plots directory, and a line says so, so that a user watching the terminal sees
 * the pipeline work and the plots directory stays current.
 */
import type { StarIndexRow } from "../analysis/starIndexRow.js";
import { catalogNameOf } from "../core/catalog.js";
import type { ObjectStore } from "../core/store/objectStore.js";
import { copyStoredPlots, readAnalysisProgress } from "./storedPlots.js";

/** How often the analysis progress is read (the star index and one listing of MLC/ per poll). */
export const FOLLOW_POLL_MS = 2000;

export interface Following {
  /** Stops polling; resolves once a poll in progress has finished. */
  stop(): Promise<void>;
}

/** Stars analysed at their MLC's current generation, by PIC. */
const analysedStars = async (store: ObjectStore): Promise<Map<string, StarIndexRow>> =>
  new Map((await readAnalysisProgress(store)).done.filter((row) => row.status === "analysed").map((row) => [row.pic, row]));

/** Polls until stopped; `report` gets one line per star merged, analysed and re-plotted, or per failure. */
export function followMerges(store: ObjectStore, plotsDir: string, report: (line: string) => void, pollMs = FOLLOW_POLL_MS): Following {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let seen: Map<string, StarIndexRow> | undefined;
  let polling: Promise<void> = Promise.resolve();
  const poll = async (): Promise<void> => {
    const now = await analysedStars(store);
    for (const [pic, row] of now) {
      if (stopped || seen === undefined || seen.get(pic)?.mlcGeneration === row.mlcGeneration) continue;
      const files = await copyStoredPlots(store, [row], plotsDir);
      const name = catalogNameOf(pic);
      report(`${new Date().toISOString().slice(11, 19)} merged new data into ${pic}${name ? ` (${name})` : ""}; ${files} plots refreshed in ${plotsDir}`);
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
  polling = analysedStars(store).then((now) => void (seen = now), () => undefined).finally(schedule);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await polling;
    },
  };
}
