/**
 * A superseded job in the analysis pool (analysisPool.ts): one still queued is dropped at once; one
 * a thread holds stops at the thread's next checkpoint (a flag shared with the thread, since the
 * thread reads no message while it computes). Either way the job fails with SupersededRunError and
 * the thread stays for the next job. One thread, so which job waits is fixed: no timing involved.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createAnalysisPool } from "../../../runtime/analyzer/analysisPool.js";
import { SupersededRunError } from "../../../runtime/analyzer/supersededRun.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const star = (pic: string) => syntheticMasterLightCurve({ pic, nights: 1, exposures: 72, seed: 3 });
const pool = createAnalysisPool({ threads: 1 });
afterAll(() => pool.close());

describe("analysis pool with superseded jobs", () => {
  it("drops a queued job at once and stops a running one at its thread's next checkpoint, keeping the thread", async () => {
    const running = pool.compute(star("PIC_J0326137+295015"), "1");
    const queuedSignal = new AbortController();
    const queued = pool.compute(star("PIC_J1632291+190441"), "2", queuedSignal.signal);
    queuedSignal.abort(); // while the first job holds the only thread
    await expect(queued).rejects.toEqual(new SupersededRunError("PIC_J1632291+190441", "2"));
    expect((await running).document.pic).toBe("PIC_J0326137+295015");

    const heldSignal = new AbortController();
    const held = pool.compute(star("PIC_J2000437+224239"), "3", heldSignal.signal);
    heldSignal.abort(); // posted to the thread already: its flag is set before the thread's first checkpoint
    await expect(held).rejects.toEqual(new SupersededRunError("PIC_J2000437+224239", "3"));
    expect({ threads: pool.threads, deaths: pool.deaths }).toEqual({ threads: 1, deaths: 0 });

    const already = new AbortController();
    already.abort();
    await expect(pool.compute(star("PIC_J2000437+224239"), "4", already.signal)).rejects.toBeInstanceOf(SupersededRunError);
    expect((await pool.compute(star("PIC_J2000437+224239"), "5")).document.mlcGeneration).toBe("5");
  }, 60_000);
});
