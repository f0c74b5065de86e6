/**
 * Entry module of an analysis thread (analysisPool.ts): computes one star's results at a time from
 * the MLC it is sent and posts them back. It says "ready" once its modules are loaded, so that a
 * thread that cannot even start is told apart from a star whose analysis killed its thread.
 */
import { parentPort } from "node:worker_threads";
import type { ThreadJob, ThreadReply } from "./analysisPool.js";
import { computeStarResults } from "./starResults.js";
import { SupersededRunError } from "./supersededRun.js";

const port = parentPort!;
port.on("message", (job: ThreadJob) => {
  // The pool sets the job's flag once a newer generation of the star is known (this thread is busy
  // computing, so a message would only be read after the job).
  const flag = new Int32Array(job.superseded);
  computeStarResults(job.mlc, job.generation, { superseded: () => Atomics.load(flag, 0) === 1 }).then(
    (results) => port.postMessage({ kind: "done", id: job.id, results } satisfies ThreadReply),
    (error: unknown) =>
      port.postMessage(
        error instanceof SupersededRunError
          ? ({ kind: "superseded", id: job.id } satisfies ThreadReply)
          : ({ kind: "failed", id: job.id, message: error instanceof Error ? error.message : String(error) } satisfies ThreadReply),
      ),
  );
});
port.postMessage({ kind: "ready" } satisfies ThreadReply);
