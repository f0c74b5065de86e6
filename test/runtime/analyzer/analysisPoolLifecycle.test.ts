/**
 * The analysis pool's thread lifecycle (analysisPool.ts): a thread that dies before it has loaded
 * its modules fails its job as a start failure (retried by the analyzer, not blamed on the star),
 * naming why (and logs the death at WARNING); close() lets the running job finish however the queue behind it empties, and then
 * takes no more work. One thread, so which job waits is fixed: no timing involved.
 */
import { describe, expect, it } from "vitest";
import { AnalysisThreadStartError, createAnalysisPool } from "../../../runtime/analyzer/analysisPool.js";
import { SupersededRunError } from "../../../runtime/analyzer/supersededRun.js";
import { createLogger } from "../../../runtime/core/logging.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const star = (pic: string) => syntheticMasterLightCurve({ pic, nights: 1, exposures: 72, seed: 3 });

describe("analysis pool lifecycle", () => {
  it("fails a job whose thread ran out of heap while starting as a start failure naming the cause, counts and logs the death", async () => {
    // 2 MiB of old generation cannot even hold the analysis modules: the thread dies loading them.
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ service: "analyzer", level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    const pool = createAnalysisPool({ threads: 1, threadHeapMb: 2, logger });
    try {
      const failure = await pool.compute(star("PIC_J0326137+295015"), "1").then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(AnalysisThreadStartError);
      expect((failure as Error).message).toMatch(/^analysis thread did not start: .*memory/);
      expect({ threads: pool.threads, deaths: pool.deaths }).toEqual({ threads: 0, deaths: 1 });
      expect(lines).toEqual([
        expect.objectContaining({ severity: "WARNING", message: "analysis thread died; it is replaced", pic: "PIC_J0326137+295015", ready: false, error: expect.stringMatching(/memory/) }),
      ]);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("closes after the running job finishes, even when the job queued behind it is withdrawn, then refuses work", async () => {
    const pool = createAnalysisPool({ threads: 1 });
    const running = pool.compute(star("PIC_J0326137+295015"), "1");
    const withdrawn = new AbortController();
    const queued = pool.compute(star("PIC_J1632291+190441"), "2", withdrawn.signal);
    const closed = pool.close();
    withdrawn.abort(); // the queue is now empty, but the thread still holds the first job
    await expect(queued).rejects.toEqual(new SupersededRunError("PIC_J1632291+190441", "2"));
    expect((await running).document.pic).toBe("PIC_J0326137+295015");
    await closed;
    expect(pool.close()).toBe(closed);
    await expect(pool.compute(star("PIC_J2000437+224239"), "3")).rejects.toThrow("the analysis pool is closed");
    expect(pool.deaths).toBe(0);
  }, 60_000);

  it.each([0, -1, 1.5, Number.NaN])("refuses a pool of %s threads, naming the count", (threads) => {
    expect(() => createAnalysisPool({ threads })).toThrow(`analysis pool needs at least one thread (got ${threads})`);
  });

  it("closes at once when it has no work, without starting a thread", async () => {
    const pool = createAnalysisPool({ threads: 2 });
    const closed = pool.close();
    expect(pool.close()).toBe(closed);
    await closed;
    expect(pool.threads).toBe(0);
    pool.warm();
    expect(pool.threads).toBe(0);
  });
});
