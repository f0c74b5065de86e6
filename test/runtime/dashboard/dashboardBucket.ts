/**
 * The bucket the dashboard tests serve: the three synthetic stars analysed by the analyzer's own
 * code (one a transit candidate), a star whose MLC is unreadable (an error row), and enough stars
 * whose analysis is pending (index rows only, as the analyzer writes them first) to need paging.
 */
import { updateStarIndex } from "../../../runtime/analysis/starIndex.js";
import { pendingRow } from "../../../runtime/analysis/starIndexRow.js";
import { refreshStar } from "../../../runtime/analyzer/refreshStar.js";
import { createStarIndexWriter } from "../../../runtime/analyzer/starIndexWriter.js";
import { masterLightCurveName } from "../../../runtime/core/objectNames.js";
import type { ObjectStore } from "../../../runtime/core/store/objectStore.js";
import { DASHBOARD_STARS, syntheticMasterLightCurve, writeSyntheticStars } from "./syntheticStars.js";

export const CANDIDATE = DASHBOARD_STARS[0]!.pic;
export const UNREADABLE_MLC = "PIC_J2203107+185303";
/** 60 pending stars: with the 4 above, 64 rows, two pages of 50. */
export const PENDING = Array.from({ length: 60 }, (_, i) => `PIC_J01${String(i).padStart(2, "0")}000+100000`);
export const PENDING_EXPOSURES = 30;
export const TOTAL_STARS = DASHBOARD_STARS.length + 1 + PENDING.length;

export async function writeDashboardBucket(store: ObjectStore): Promise<void> {
  await writeSyntheticStars(store, DASHBOARD_STARS);
  await store.put(masterLightCurveName(UNREADABLE_MLC), Buffer.from('{"schema": 1, "pic": "truncated'));
  const index = createStarIndexWriter(store);
  for (const pic of [...DASHBOARD_STARS.map((s) => s.pic), UNREADABLE_MLC]) await refreshStar({ store, index }, pic);
  await updateStarIndex(
    store,
    PENDING.map((pic, i) => ({ pic, row: pendingRow(syntheticMasterLightCurve({ pic, nights: 1 + (i % 3), exposures: PENDING_EXPOSURES, seed: i }), String(1000 + i)) })),
  );
}
