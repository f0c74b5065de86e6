/**
 * What an analysis thread answers to a job (answerThreadJob.ts), asked in process: the thread
 * itself only carries the messages (analysisThreads.test.ts and analysisPoolSuperseded.test.ts run
 * real threads). The superseded flag is shared memory the pool writes while the thread computes,
 * so it must be read at each checkpoint, not once.
 */
import { describe, expect, it } from "vitest";
import type { ThreadJob } from "../../../runtime/analyzer/analysisPool.js";
import { answerThreadJob } from "../../../runtime/analyzer/answerThreadJob.js";
import type { StarResults } from "../../../runtime/analyzer/starResults.js";
import { SupersededRunError } from "../../../runtime/analyzer/supersededRun.js";
import { syntheticMasterLightCurve } from "../dashboard/syntheticStars.js";

const PIC = "PIC_J0326137+295015";

function job(id: number, generation: string): ThreadJob & { flag: Int32Array } {
  const superseded = new SharedArrayBuffer(4);
  return { id, generation, mlc: syntheticMasterLightCurve({ pic: PIC, nights: 1, exposures: 72, seed: 3 }), superseded, flag: new Int32Array(superseded) };
}

const someResults = { document: { pic: PIC }, plots: [] } as unknown as StarResults;

describe("an analysis thread's answer to a job", () => {
  it("answers done with the job's id and the results computed from the job's MLC and generation", async () => {
    const asked = job(7, "1700000000000001");
    const calls: unknown[][] = [];
    const reply = await answerThreadJob(asked, async (mlc, generation) => {
      calls.push([mlc, generation]);
      return someResults;
    });
    expect(reply).toEqual({ kind: "done", id: 7, results: someResults });
    expect(calls).toEqual([[asked.mlc, "1700000000000001"]]);
  });

  it("reads the shared flag at every checkpoint, so a flag raised mid-computation is seen", async () => {
    const asked = job(3, "2");
    const seen: boolean[] = [];
    await answerThreadJob(asked, async (_mlc, _generation, options) => {
      seen.push(options!.superseded!());
      Atomics.store(asked.flag, 0, 1); // the pool, while the thread computes
      seen.push(options!.superseded!());
      return someResults;
    });
    expect(seen).toEqual([false, true]);
  });

  it("answers superseded, not failed, when the real computation meets a raised flag", async () => {
    const asked = job(4, "3");
    Atomics.store(asked.flag, 0, 1);
    expect(await answerThreadJob(asked)).toEqual({ kind: "superseded", id: 4 });
  });

  it("answers superseded when the computation stops for a newer generation", async () => {
    const reply = await answerThreadJob(job(5, "4"), async () => {
      throw new SupersededRunError(PIC, "4");
    });
    expect(reply).toEqual({ kind: "superseded", id: 5 });
  });

  it.each([
    ["an error", new RangeError("MLC of PIC_J0326137+295015 has no points"), "MLC of PIC_J0326137+295015 has no points"],
    ["a thrown string", "plot renderer out of fonts", "plot renderer out of fonts"],
  ])("answers failed with the message of %s, which the star's index row shows", async (_what, thrown, message) => {
    const reply = await answerThreadJob(job(6, "5"), async () => {
      throw thrown;
    });
    expect(reply).toEqual({ kind: "failed", id: 6, message });
  });
});
