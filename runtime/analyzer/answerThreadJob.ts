/**
 * What an analysis thread answers to one job (analysisThread.ts only carries messages): the star's
 * results, "superseded" once the pool has raised the job's flag and a checkpoint has read it, or
 * the failure's message. A plain function of the job, so the answers are the same whether a
 * thread or a test asks.
 */
import type { ThreadJob, ThreadReply } from "./analysisPool.js";
import { computeStarResults } from "./starResults.js";
import { SupersededRunError } from "./supersededRun.js";

export async function answerThreadJob(job: ThreadJob, compute = computeStarResults): Promise<ThreadReply> {
  // The pool sets the job's flag once a newer generation of the star is known (the thread is busy
  // computing, so a message would only be read after the job).
  const flag = new Int32Array(job.superseded);
  try {
    const results = await compute(job.mlc, job.generation, { superseded: () => Atomics.load(flag, 0) === 1 });
    return { kind: "done", id: job.id, results };
  } catch (error) {
    if (error instanceof SupersededRunError) return { kind: "superseded", id: job.id };
    return { kind: "failed", id: job.id, message: error instanceof Error ? error.message : String(error) };
  }
}
